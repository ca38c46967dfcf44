import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client.ts';
import type { components } from '../api/schema';
import type { Package } from '../api/types.ts';
import { queryKeys } from './query-keys.ts';

/** Every package of a set (all pages), ordered by id. */
export async function fetchSetPackages(setId: number): Promise<Package[]> {
  const packages: Package[] = [];
  let cursor: string | null | undefined = undefined;
  do {
    const page: components['schemas']['Page_PackageOut_'] = await unwrap(
      api.GET('/api/sets/{set_id}/packages', {
        params: { path: { set_id: setId }, query: { limit: 1000, cursor } },
      }),
    );
    packages.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return packages;
}

/** Every package of a set: status, assignee, progress. */
export function useSetPackages(setId: number) {
  return useQuery({
    queryKey: queryKeys.setPackages(setId),
    queryFn: () => fetchSetPackages(setId),
    enabled: Number.isFinite(setId),
  });
}
