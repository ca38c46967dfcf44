import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { components } from '../../api/schema';
import { queryKeys } from '../../lib/query-keys.ts';
import { useGuardedMutation } from '../../lib/use-guarded-mutation.ts';

export type LabelCreateBody = components['schemas']['LabelCreate'];
export type LabelUpdateBody = components['schemas']['LabelUpdate'];

function useRefreshLabels(setId: number) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.setLabels(setId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.setStats(setId) });
  };
}

export function useCreateLabel(setId: number) {
  const refresh = useRefreshLabels(setId);
  return useGuardedMutation({
    mutationFn: (body: LabelCreateBody) =>
      unwrap(api.POST('/api/sets/{set_id}/labels', { params: { path: { set_id: setId } }, body })),
    onSuccess: refresh,
  });
}

export function useUpdateLabel(setId: number) {
  const refresh = useRefreshLabels(setId);
  return useGuardedMutation(
    {
      mutationFn: ({ labelId, body }: { labelId: number; body: LabelUpdateBody }) =>
        unwrap(
          api.PATCH('/api/labels/{label_id}', { params: { path: { label_id: labelId } }, body }),
        ),
      onSuccess: refresh,
    },
    { key: ({ labelId }) => labelId },
  );
}

export function useDeleteLabel(setId: number) {
  const refresh = useRefreshLabels(setId);
  return useGuardedMutation(
    {
      mutationFn: (labelId: number) =>
        unwrap(api.DELETE('/api/labels/{label_id}', { params: { path: { label_id: labelId } } })),
      onSuccess: refresh,
    },
    { key: (labelId) => labelId },
  );
}
