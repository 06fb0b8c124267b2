import { api } from '../../../api/client';
import { request } from '../../../api/request';
import type { Verification } from '../../../api/types';

/** Where a verification stands; rejects with 404 `verification-not-found` when the server forgot it. */
export async function getVerification(
  userId: string,
  verificationId: string,
  signal?: AbortSignal,
): Promise<Verification> {
  return request(() =>
    api.GET('/api/v1/users/{userId}/verifications/{verificationId}', {
      params: { path: { userId, verificationId } },
      signal,
    }),
  );
}
