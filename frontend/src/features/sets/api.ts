import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { queryKeys } from '../../lib/query-keys.ts';

/** Samples annotated, packages assigned and ready, uses per label and work per annotator. */
export function useSetStats(setId: number) {
  return useQuery({
    queryKey: queryKeys.setStats(setId),
    queryFn: () =>
      unwrap(api.GET('/api/sets/{set_id}/stats', { params: { path: { set_id: setId } } })),
    enabled: Number.isFinite(setId),
  });
}
