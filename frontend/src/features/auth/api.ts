import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { components } from '../../api/schema';
import { queryKeys } from '../../lib/query-keys.ts';
import { useGuardedMutation } from '../../lib/use-guarded-mutation.ts';

export type LoginBody = components['schemas']['LoginRequest'];
export type RegisterBody = components['schemas']['RegisterRequest'];

/** Signs in; the API sets the session and CSRF cookies. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useGuardedMutation({
    mutationFn: (body: LoginBody) => unwrap(api.POST('/api/auth/login', { body })),
    onSuccess: (result) => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.me, result.user);
    },
  });
}

/** Creates an account (then the page signs in with the same credentials). */
export function useRegister() {
  return useGuardedMutation({
    mutationFn: (body: RegisterBody) => unwrap(api.POST('/api/auth/register', { body })),
  });
}
