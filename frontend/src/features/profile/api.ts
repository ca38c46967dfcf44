import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { components } from '../../api/schema';
import { queryKeys } from '../../lib/query-keys.ts';
import { useGuardedMutation } from '../../lib/use-guarded-mutation.ts';

export type ProfileBody = components['schemas']['ProfileUpdate'];
export type PasswordBody = components['schemas']['PasswordChange'];
export type TokenBody = components['schemas']['TokenCreate'];

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useGuardedMutation({
    mutationFn: (body: ProfileBody) => unwrap(api.PATCH('/api/users/me', { body })),
    onSuccess: (user) => queryClient.setQueryData(queryKeys.me, user),
  });
}

/** Changes the password; the API ends every other session and token and renews this one's cookies. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useGuardedMutation({
    mutationFn: (body: PasswordBody) => unwrap(api.PUT('/api/users/me/password', { body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.tokens }),
  });
}

export function useTokens() {
  return useQuery({
    queryKey: queryKeys.tokens,
    queryFn: async () =>
      (await unwrap(api.GET('/api/users/me/tokens', { params: { query: { limit: 1000 } } }))).items,
  });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useGuardedMutation({
    mutationFn: (body: TokenBody) => unwrap(api.POST('/api/users/me/tokens', { body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.tokens }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useGuardedMutation(
    {
      mutationFn: (tokenId: number) =>
        unwrap(
          api.DELETE('/api/users/me/tokens/{token_id}', {
            params: { path: { token_id: tokenId } },
          }),
        ),
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.tokens }),
    },
    { key: (tokenId) => tokenId },
  );
}
