import { useQuery } from '@tanstack/react-query';

import { queryKeys } from '../../../lib/query-keys';
import { fetchSession } from '../api/session';

/** The current session (null when logged out), read once and kept until it changes. */
export function useSession() {
  return useQuery({
    queryKey: queryKeys.session,
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: false,
  });
}
