import { useQuery } from '@tanstack/react-query';

import { isApiError } from '../../../api/errors';
import type { Verification } from '../../../api/types';
import { queryKeys } from '../../../lib/query-keys';
import { getVerification } from '../api/get-verification';

/** How often a pending verification is read. The server asks the Token Server at most every 2 s. */
export const POLL_MS = 1000;

/** Reads go on while it is pending, through failed reads, but not past an answer that will not change (4xx). */
function keepPolling(data: Verification | undefined, error: unknown): boolean {
  if (data?.state !== 'pending') return false;
  return !(isApiError(error) && error.status >= 400 && error.status < 500);
}

/**
 * A started verification, read every second while it is pending. Polling stops with an outcome,
 * and when nothing shows it any more (the dialog closed).
 */
export function useVerification(userId: string, started: Verification, receivedAt: number) {
  return useQuery({
    queryKey: queryKeys.verification(userId, started.id),
    queryFn: ({ signal }) => getVerification(userId, started.id, signal),
    initialData: started,
    initialDataUpdatedAt: receivedAt,
    staleTime: POLL_MS,
    refetchInterval: (query) => (keepPolling(query.state.data, query.state.error) ? POLL_MS : false),
  });
}
