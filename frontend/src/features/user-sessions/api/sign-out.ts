import { api } from '../../../api/client';
import { request } from '../../../api/request';
import type { SignOutResult } from '../../../api/types';

/**
 * Ends every session of the user at the Token Server and revokes their tokens. Resolves with how
 * many were ended, only when the server verified none is left; rejects with the problem
 * otherwise, e.g. 502 `sessions-not-ended` or 409 `nothing-to-change` (there was none).
 */
export async function signOutEverywhere(userId: string, reason?: string): Promise<SignOutResult> {
  const trimmed = reason?.trim();
  return request(() =>
    api.DELETE('/api/v1/users/{userId}/sessions', {
      params: { path: { userId } },
      body: trimmed ? { reason: trimmed } : undefined,
    }),
  );
}
