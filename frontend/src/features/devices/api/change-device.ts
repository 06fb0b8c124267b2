import { api } from '../../../api/client';
import { request } from '../../../api/request';
import type { Device, DeviceAction } from '../../../api/types';

/**
 * Changes a device (disable push, mobile authentication or fingerprint). Resolves with the device
 * as the Token Server lists it afterwards, only when the server verified the change; rejects with
 * the problem otherwise, e.g. 502 `device-not-changed` or 409 `nothing-to-change`.
 */
export async function changeDevice(
  userId: string,
  deviceId: string,
  action: DeviceAction,
  reason?: string,
): Promise<Device> {
  const trimmed = reason?.trim();
  return request(() =>
    api.POST('/api/v1/users/{userId}/devices/{deviceId}/actions/{action}', {
      params: { path: { userId, deviceId, action } },
      body: trimmed ? { reason: trimmed } : undefined,
    }),
  );
}
