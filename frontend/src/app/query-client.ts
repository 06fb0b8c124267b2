import { QueryClient } from '@tanstack/react-query';

import { isApiError } from '../api/errors';

/** Reads that failed on the way (no answer, or an upstream 502/503/504) get one more try. */
function retryOnce(failureCount: number, error: unknown): boolean {
  if (failureCount >= 1) return false;
  if (!isApiError(error)) return false;
  return error.isNetwork || [502, 503, 504].includes(error.status);
}

export function createQueryClient(options: { retry?: boolean } = {}) {
  return new QueryClient({
    defaultOptions: {
      // Always try: navigator.onLine is a guess, and a failed call shows an error with a retry
      // (plus the offline banner) rather than a skeleton that waits silently.
      queries: { retry: options.retry === false ? false : retryOnce, networkMode: 'always' },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}
