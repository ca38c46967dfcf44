import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client.ts';
import { queryKeys } from './query-keys.ts';

/** Every label of a set (name, colour, shortcut), in their stable order. */
export function useSetLabels(setId: number) {
  return useQuery({
    queryKey: queryKeys.setLabels(setId),
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/sets/{set_id}/labels', {
            params: { path: { set_id: setId }, query: { limit: 1000 } },
          }),
        )
      ).items,
    enabled: Number.isFinite(setId),
  });
}
