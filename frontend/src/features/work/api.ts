import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { queryKeys } from '../../lib/query-keys.ts';

/** My work across every group: the packages assigned to me, and the ready ones I read that were
 * handed to someone else since (my finished readings stay mine), with set and group names. */
export function useMyPackages() {
  return useQuery({
    queryKey: queryKeys.myPackages,
    queryFn: async () =>
      (await unwrap(api.GET('/api/packages', { params: { query: { limit: 1000 } } }))).items,
  });
}
