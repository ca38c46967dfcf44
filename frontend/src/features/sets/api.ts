import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { queryKeys } from '../../lib/query-keys.ts';
import { useGuardedMutation } from '../../lib/use-guarded-mutation.ts';

/** Samples annotated, packages assigned and ready, uses per label and work per annotator. */
export function useSetStats(setId: number) {
  return useQuery({
    queryKey: queryKeys.setStats(setId),
    queryFn: () =>
      unwrap(api.GET('/api/sets/{set_id}/stats', { params: { path: { set_id: setId } } })),
    enabled: Number.isFinite(setId),
  });
}

export interface ExportOptions {
  format: 'coco' | 'yolo' | 'voc' | 'csv';
  scope: 'ready' | 'all';
  images: boolean;
}

/** Asks the API whether an export would succeed (it downloads and records nothing), so that an
 * error is shown on the page before the browser starts a download that would only save it. */
export function useExportCheck(setId: number) {
  return useGuardedMutation({
    mutationFn: (options: ExportOptions) =>
      unwrap(
        api.GET('/api/sets/{set_id}/export/check', {
          params: { path: { set_id: setId }, query: options },
        }),
      ),
  });
}
