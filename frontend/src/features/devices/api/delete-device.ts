import { api } from '../../../api/client';
import { request } from '../../../api/request';

/**
 * Deregisters a device. Resolves only when the server verified it is gone (204); rejects with
 * the problem otherwise, e.g. 502 `device-not-removed` when the Token Server kept it.
 */
export async function deleteDevice(userId: string, deviceId: string, reason?: string): Promise<void> {
  const trimmed = reason?.trim();
  await request(() =>
    api.DELETE('/api/v1/users/{userId}/devices/{deviceId}', {
      params: { path: { userId, deviceId } },
      body: trimmed ? { reason: trimmed } : undefined,
    }),
  );
}
