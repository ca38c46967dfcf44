import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { queryKeys } from '../../lib/query-keys.ts';

/** The packages assigned to me across every group, with set and group names. */
export function useMyPackages() {
  return useQuery({
    queryKey: queryKeys.myPackages,
    queryFn: async () =>
      (await unwrap(api.GET('/api/packages', { params: { query: { limit: 1000 } } }))).items,
  });
}
