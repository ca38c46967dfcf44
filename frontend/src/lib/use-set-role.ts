import type { Role } from '../api/types.ts';
import { useGroup } from './use-group.ts';
import { useSet } from './use-set.ts';

/**
 * The caller's role in the group that owns a set, as the API answers it (never decided here).
 * `role` is undefined while loading or when the set cannot be read.
 */
export function useSetRole(setId: number): { role: Role | undefined; isAdmin: boolean } {
  const set = useSet(setId);
  const group = useGroup(set.data?.group_id ?? Number.NaN);
  const role = group.data?.role;
  return { role, isAdmin: role === 'admin' };
}
