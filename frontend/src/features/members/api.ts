import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { Group, Role } from '../../api/types.ts';
import { queryKeys } from '../../lib/query-keys.ts';
import { useGuardedMutation } from '../../lib/use-guarded-mutation.ts';

/** Admins: make a member an admin or an annotator (the last admin cannot be demoted: 409). */
export function useChangeRole(groupId: number) {
  const queryClient = useQueryClient();
  return useGuardedMutation(
    {
      mutationFn: ({ userId, role }: { userId: number; role: Role }) =>
        unwrap(
          api.PATCH('/api/groups/{group_id}/members/{user_id}', {
            params: { path: { group_id: groupId, user_id: userId } },
            body: { role },
          }),
        ),
      onSettled: () => {
        void queryClient.invalidateQueries({ queryKey: queryKeys.groupMembers(groupId) });
        void queryClient.invalidateQueries({ queryKey: queryKeys.group(groupId), exact: true });
        void queryClient.invalidateQueries({ queryKey: queryKeys.groups, exact: true });
      },
    },
    { key: ({ userId }) => userId },
  );
}

/** Admins remove a member; a member removes themself (leaves). The last admin cannot leave: 409. */
export function useRemoveMember(groupId: number) {
  const queryClient = useQueryClient();
  return useGuardedMutation(
    {
      mutationFn: (userId: number) =>
        unwrap(
          api.DELETE('/api/groups/{group_id}/members/{user_id}', {
            params: { path: { group_id: groupId, user_id: userId } },
          }),
        ),
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: queryKeys.groupMembers(groupId) });
        void queryClient.invalidateQueries({ queryKey: queryKeys.groupStats(groupId) });
        void queryClient.invalidateQueries({ queryKey: queryKeys.groups, exact: true });
      },
    },
    { key: (userId) => userId },
  );
}

/** Admins: a fresh join code; the old one stops working. */
export function useRotateJoinCode(groupId: number) {
  const queryClient = useQueryClient();
  return useGuardedMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/groups/{group_id}/join-code', { params: { path: { group_id: groupId } } }),
      ),
    onSuccess: ({ join_code }) => {
      queryClient.setQueryData<Group>(queryKeys.group(groupId), (group) =>
        group ? { ...group, join_code } : group,
      );
    },
  });
}
