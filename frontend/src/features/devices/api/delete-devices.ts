import { api } from '../../../api/client';
import { request } from '../../../api/request';
import type { DeleteDevicesResult } from '../../../api/types';

/**
 * Deletes several devices (by id) or all of them. Resolves with what became of each device, as
 * the server verified it; rejects with the problem when the deletion could not run at all.
 */
export async function deleteDevices(
  userId: string,
  selection: { deviceIds: string[] } | { all: true },
  reason?: string,
): Promise<DeleteDevicesResult> {
  const trimmed = reason?.trim();
  return request(() =>
    api.POST('/api/v1/users/{userId}/device-deletions', {
      params: { path: { userId } },
      body: { ...selection, ...(trimmed ? { reason: trimmed } : {}) },
    }),
  );
}
