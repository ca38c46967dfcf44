import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client.ts';
import { queryKeys } from './query-keys.ts';

/** One group with the caller's `role` (and its join code for admins). */
export function useGroup(groupId: number) {
  return useQuery({
    queryKey: queryKeys.group(groupId),
    queryFn: () =>
      unwrap(api.GET('/api/groups/{group_id}', { params: { path: { group_id: groupId } } })),
    enabled: Number.isFinite(groupId),
  });
}
