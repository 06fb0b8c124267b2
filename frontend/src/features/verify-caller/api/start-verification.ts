import { api } from '../../../api/client';
import { request } from '../../../api/request';
import type { Verification } from '../../../api/types';

/**
 * Sends a mobile-authentication request (a push) with `message` to one of the user's devices
 * enrolled for push. Resolves with the verification, pending; rejects with the problem, e.g.
 * 409 `device-not-verifiable` or 404 `device-not-found`.
 */
export async function startVerification(userId: string, deviceId: string, message: string): Promise<Verification> {
  return request(() =>
    api.POST('/api/v1/users/{userId}/verifications', {
      params: { path: { userId } },
      body: { deviceId, message },
    }),
  );
}
