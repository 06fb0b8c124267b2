import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

import { onUnauthorized } from '../../../api/unauthorized';
import { queryKeys } from '../../../lib/query-keys';

/**
 * Listens for a 401 from any call: the session has ended. Forgets the session and the data read
 * with it, and says so, so the guard can send the agent to log in and come back.
 */
export function useSessionExpiry(): boolean {
  const queryClient = useQueryClient();
  const [expired, setExpired] = useState(false);

  useEffect(
    () =>
      onUnauthorized(() => {
        setExpired(true);
        queryClient.setQueryData(queryKeys.session, null);
        queryClient.removeQueries({ queryKey: ['users'] });
        queryClient.removeQueries({ queryKey: ['search'] });
        queryClient.removeQueries({ queryKey: ['audit'] });
      }),
    [queryClient],
  );
  return expired;
}
