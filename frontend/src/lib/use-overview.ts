import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client.ts';
import { queryKeys } from './query-keys.ts';

/** The groups the signed-in user manages, with each set's progress and what needs attention (empty
 * `groups` for a doctor): the home page and the main navigation both ask. */
export function useOverview() {
  return useQuery({
    queryKey: queryKeys.overview,
    queryFn: () => unwrap(api.GET('/api/overview')),
  });
}
