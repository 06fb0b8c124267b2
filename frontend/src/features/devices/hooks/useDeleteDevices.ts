import { useMutation } from '@tanstack/react-query';

import { deleteDevices } from '../api/delete-devices';

export interface DeleteDevicesVariables {
  selection: { deviceIds: string[] } | { all: true };
  reason: string;
}

export function useDeleteDevices(userId: string) {
  return useMutation({
    mutationFn: ({ selection, reason }: DeleteDevicesVariables) => deleteDevices(userId, selection, reason),
  });
}
