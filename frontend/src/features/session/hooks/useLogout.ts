import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';

import { queryKeys } from '../../../lib/query-keys';
import { logOut } from '../api/session';

/** Ends the session, forgets every answer cached for it, and shows the login page. */
export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: logOut,
    onSuccess: () => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.session, null);
      void navigate('/login', { replace: true });
    },
  });
}
