import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client.ts';
import { queryKeys } from './query-keys.ts';

/** One set (name, type, package size, sample and package counts). */
export function useSet(setId: number) {
  return useQuery({
    queryKey: queryKeys.set(setId),
    queryFn: () => unwrap(api.GET('/api/sets/{set_id}', { params: { path: { set_id: setId } } })),
    enabled: Number.isFinite(setId),
  });
}
