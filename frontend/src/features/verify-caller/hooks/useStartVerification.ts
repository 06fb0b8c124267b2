import { useMutation, useQueryClient } from '@tanstack/react-query';

import { queryKeys } from '../../../lib/query-keys';
import { startVerification } from '../api/start-verification';

export interface StartVerificationVariables {
  deviceId: string;
  message: string;
}

export function useStartVerification(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ deviceId, message }: StartVerificationVariables) =>
      startVerification(userId, deviceId, message.trim()),
    // What the server answered is where the verification stands now, whatever was read before.
    onSuccess: (verification) =>
      queryClient.setQueryData(queryKeys.verification(userId, verification.id), verification),
  });
}
