import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { components } from '../../api/schema';
import { queryKeys } from '../../lib/query-keys.ts';
import { useGuardedMutation } from '../../lib/use-guarded-mutation.ts';

export type GroupCreateBody = components['schemas']['GroupCreate'];
export type GroupUpdateBody = components['schemas']['GroupUpdate'];
export type SetCreateBody = components['schemas']['SetCreate'];
export type SetUpdateBody = components['schemas']['SetUpdate'];

/** The caller's groups, each with the caller's role. */
export function useMyGroups() {
  return useQuery({
    queryKey: queryKeys.groups,
    queryFn: async () =>
      (await unwrap(api.GET('/api/groups', { params: { query: { limit: 1000 } } }))).items,
  });
}

export function useCreateGroup() {
  const queryClient = useQueryClient();
  return useGuardedMutation({
    mutationFn: (body: GroupCreateBody) => unwrap(api.POST('/api/groups', { body })),
    onSuccess: (group) => {
      queryClient.setQueryData(queryKeys.group(group.id), group);
      void queryClient.invalidateQueries({ queryKey: queryKeys.groups, exact: true });
      void queryClient.invalidateQueries({ queryKey: queryKeys.overview });
    },
  });
}

export function useJoinGroup() {
  const queryClient = useQueryClient();
  return useGuardedMutation({
    mutationFn: (joinCode: string) =>
      unwrap(api.POST('/api/groups/join', { body: { join_code: joinCode } })),
    onSuccess: (group) => {
      queryClient.setQueryData(queryKeys.group(group.id), group);
      void queryClient.invalidateQueries({ queryKey: queryKeys.groups, exact: true });
      void queryClient.invalidateQueries({ queryKey: queryKeys.overview });
    },
  });
}

export function useUpdateGroup(groupId: number) {
  const queryClient = useQueryClient();
  return useGuardedMutation({
    mutationFn: (body: GroupUpdateBody) =>
      unwrap(
        api.PATCH('/api/groups/{group_id}', { params: { path: { group_id: groupId } }, body }),
      ),
    onSuccess: (group) => {
      queryClient.setQueryData(queryKeys.group(groupId), group);
      void queryClient.invalidateQueries({ queryKey: queryKeys.groups, exact: true });
      void queryClient.invalidateQueries({ queryKey: queryKeys.overview });
    },
  });
}

export function useDeleteGroup(groupId: number) {
  const queryClient = useQueryClient();
  return useGuardedMutation({
    mutationFn: () =>
      unwrap(api.DELETE('/api/groups/{group_id}', { params: { path: { group_id: groupId } } })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: queryKeys.group(groupId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.groups, exact: true });
      void queryClient.invalidateQueries({ queryKey: queryKeys.overview });
      void queryClient.invalidateQueries({ queryKey: queryKeys.myPackages });
    },
  });
}

export function useGroupStats(groupId: number) {
  return useQuery({
    queryKey: queryKeys.groupStats(groupId),
    queryFn: () =>
      unwrap(api.GET('/api/groups/{group_id}/stats', { params: { path: { group_id: groupId } } })),
  });
}

export function useGroupSets(groupId: number) {
  return useQuery({
    queryKey: queryKeys.groupSets(groupId),
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/groups/{group_id}/sets', {
            params: { path: { group_id: groupId }, query: { limit: 1000 } },
          }),
        )
      ).items,
  });
}

/** Each set's statistics (samples annotated, packages ready, per annotator), in the sets' order. */
export function useSetsStats(setIds: number[]) {
  return useQueries({
    queries: setIds.map((setId) => ({
      queryKey: queryKeys.setStats(setId),
      queryFn: () =>
        unwrap(api.GET('/api/sets/{set_id}/stats', { params: { path: { set_id: setId } } })),
    })),
  });
}

export function useCreateSet(groupId: number) {
  const queryClient = useQueryClient();
  return useGuardedMutation({
    mutationFn: (body: SetCreateBody) =>
      unwrap(
        api.POST('/api/groups/{group_id}/sets', { params: { path: { group_id: groupId } }, body }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.groupSets(groupId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.groupStats(groupId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.overview });
    },
  });
}

export function useUpdateSet(groupId: number) {
  const queryClient = useQueryClient();
  return useGuardedMutation(
    {
      mutationFn: ({ setId, body }: { setId: number; body: SetUpdateBody }) =>
        unwrap(api.PATCH('/api/sets/{set_id}', { params: { path: { set_id: setId } }, body })),
      onSuccess: (set) => {
        queryClient.setQueryData(queryKeys.set(set.id), set);
        void queryClient.invalidateQueries({ queryKey: queryKeys.groupSets(groupId) });
      },
    },
    { key: ({ setId }) => setId },
  );
}

export function useDeleteSet(groupId: number) {
  const queryClient = useQueryClient();
  return useGuardedMutation(
    {
      mutationFn: (setId: number) =>
        unwrap(api.DELETE('/api/sets/{set_id}', { params: { path: { set_id: setId } } })),
      onSuccess: (_data, setId) => {
        queryClient.removeQueries({ queryKey: queryKeys.set(setId) });
        void queryClient.invalidateQueries({ queryKey: queryKeys.groupSets(groupId) });
        void queryClient.invalidateQueries({ queryKey: queryKeys.groupStats(groupId) });
        void queryClient.invalidateQueries({ queryKey: queryKeys.myPackages });
      },
    },
    { key: (setId) => setId },
  );
}

/** The group's stored files (admins): samples, bytes, samples whose files are missing. */
export function useGroupStorage(groupId: number, enabled: boolean) {
  return useQuery({
    queryKey: [...queryKeys.group(groupId), 'storage'],
    queryFn: () =>
      unwrap(
        api.GET('/api/groups/{group_id}/storage', { params: { path: { group_id: groupId } } }),
      ),
    enabled,
  });
}
