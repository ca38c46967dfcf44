import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client.ts';
import { queryKeys } from './query-keys.ts';

/** Every member of a group (name, title, specialization, role), in one list. */
export function useGroupMembers(groupId: number) {
  return useQuery({
    queryKey: queryKeys.groupMembers(groupId),
    queryFn: async () => {
      const page = await unwrap(
        api.GET('/api/groups/{group_id}/members', {
          params: { path: { group_id: groupId }, query: { limit: 1000 } },
        }),
      );
      return page.items;
    },
    enabled: Number.isFinite(groupId),
  });
}
