import { useMutation, useQueryClient } from '@tanstack/react-query';

import type { LoginRequest } from '../../../api/types';
import { queryKeys } from '../../../lib/query-keys';
import { logIn } from '../api/session';

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: LoginRequest) => logIn(credentials),
    onSuccess: (session) => {
      queryClient.setQueryData(queryKeys.session, session);
    },
  });
}
