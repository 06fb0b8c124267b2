import { useMutation } from '@tanstack/react-query';

import type { Device } from '../../../api/types';
import { deleteDevice } from '../api/delete-device';

export interface DeleteDeviceVariables {
  device: Device;
  reason: string;
}

export function useDeleteDevice(userId: string) {
  return useMutation({
    mutationFn: ({ device, reason }: DeleteDeviceVariables) => deleteDevice(userId, device.id, reason),
  });
}
