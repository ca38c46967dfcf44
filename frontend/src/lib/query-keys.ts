/**
 * The TanStack Query keys every feature shares, so one feature's mutation refreshes another's view.
 * Invalidate a prefix (e.g. `queryKeys.group(id)`) to refresh everything below it.
 */
export const queryKeys = {
  me: ['me'] as const,
  tokens: ['me', 'tokens'] as const,
  groups: ['groups'] as const,
  group: (groupId: number) => ['groups', groupId] as const,
  groupMembers: (groupId: number) => ['groups', groupId, 'members'] as const,
  groupStats: (groupId: number) => ['groups', groupId, 'stats'] as const,
  groupSets: (groupId: number) => ['groups', groupId, 'sets'] as const,
  set: (setId: number) => ['sets', setId] as const,
  setStats: (setId: number) => ['sets', setId, 'stats'] as const,
  setLabels: (setId: number) => ['sets', setId, 'labels'] as const,
  setPackages: (setId: number) => ['sets', setId, 'packages'] as const,
  setSamples: (setId: number) => ['sets', setId, 'samples'] as const,
  myPackages: ['packages', 'mine'] as const,
  overview: ['overview'] as const,
  package: (packageId: number) => ['packages', packageId] as const,
};
