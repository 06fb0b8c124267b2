import { useQuery } from '@tanstack/react-query';

import { looksLikeEmail } from '../../../lib/email';
import { queryKeys } from '../../../lib/query-keys';
import { searchUsers } from '../api/search-users';

export function useUserSearch(email: string) {
  return useQuery({
    queryKey: queryKeys.search(email),
    queryFn: ({ signal }) => searchUsers(email, signal),
    enabled: looksLikeEmail(email),
    staleTime: 30_000,
  });
}
