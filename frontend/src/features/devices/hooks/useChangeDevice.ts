import { useMutation } from '@tanstack/react-query';

import type { Device, DeviceAction } from '../../../api/types';
import { changeDevice } from '../api/change-device';

export interface ChangeDeviceVariables {
  device: Device;
  action: DeviceAction;
  reason: string;
}

export function useChangeDevice(userId: string) {
  return useMutation({
    mutationFn: ({ device, action, reason }: ChangeDeviceVariables) =>
      changeDevice(userId, device.id, action, reason),
  });
}
