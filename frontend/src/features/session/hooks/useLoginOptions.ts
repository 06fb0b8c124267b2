import { useQuery } from '@tanstack/react-query';

import { queryKeys } from '../../../lib/query-keys';
import { fetchLoginOptions } from '../api/session';

export function useLoginOptions() {
  return useQuery({
    queryKey: queryKeys.loginOptions,
    queryFn: ({ signal }) => fetchLoginOptions(signal),
    staleTime: Infinity,
  });
}
