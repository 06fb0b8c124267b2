import { useMutation } from '@tanstack/react-query';

import { signOutEverywhere } from '../api/sign-out';

export function useSignOut(userId: string) {
  return useMutation({ mutationFn: (reason: string) => signOutEverywhere(userId, reason) });
}
