import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { queryKeys } from './query-keys.ts';

/** The signed-in user, or null when not signed in (the API answered 401). */
export async function fetchMe(): Promise<User | null> {
  const result = await api.GET('/api/users/me');
  if (result.response.status === 401) return null;
  return unwrap(Promise.resolve(result));
}

/** The signed-in user: `data` is the user, null when signed out, undefined while loading. */
export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: fetchMe, staleTime: 5 * 60_000 });
}
