import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { components } from '../../api/schema';
import type { Member, Package } from '../../api/types.ts';
import { queryKeys } from '../../lib/query-keys.ts';
import { useGuardedMutation } from '../../lib/use-guarded-mutation.ts';

export type PackageUpdateBody = components['schemas']['PackageUpdate'];

/** Everything a package change can move: the set's lists and numbers, and "my work". */
function refreshAfterPackageChange(queryClient: QueryClient, setId: number) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.setPackages(setId) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.setStats(setId) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.myPackages });
  void queryClient.invalidateQueries({ queryKey: queryKeys.overview });
  void queryClient.invalidateQueries({
    predicate: (query) => query.queryKey[0] === 'groups' && query.queryKey[2] === 'stats',
  });
}

/** The package as it will look after the change, so the table answers at once. */
function applyUpdate(pkg: Package, body: PackageUpdateBody, members: Member[]): Package {
  const next = { ...pkg };
  if (body.assignee_id !== undefined) {
    next.assignee_id = body.assignee_id;
    const member = members.find((candidate) => candidate.user_id === body.assignee_id);
    next.assignee = member
      ? { id: member.user_id, name: member.name, surname: member.surname }
      : null;
  }
  if (body.is_ready !== undefined && body.is_ready !== null) next.is_ready = body.is_ready;
  next.status = next.is_ready ? 'ready' : next.assignee_id ? 'in_progress' : 'unassigned';
  return next;
}

/** Assign, unassign, mark ready or not: updated in the table at once, rolled back if refused. */
export function useUpdatePackage(setId: number, members: Member[] = []) {
  const queryClient = useQueryClient();
  const key = queryKeys.setPackages(setId);
  return useGuardedMutation(
    {
      mutationFn: ({ packageId, body }: { packageId: number; body: PackageUpdateBody }) =>
        unwrap(
          api.PATCH('/api/packages/{package_id}', {
            params: { path: { package_id: packageId } },
            body,
          }),
        ),
      onMutate: async ({ packageId, body }) => {
        await queryClient.cancelQueries({ queryKey: key });
        const previous = queryClient.getQueryData<Package[]>(key);
        queryClient.setQueryData<Package[]>(key, (packages) =>
          packages?.map((pkg) => (pkg.id === packageId ? applyUpdate(pkg, body, members) : pkg)),
        );
        return { previous };
      },
      onError: (_error, _variables, context) => {
        if (context?.previous) queryClient.setQueryData(key, context.previous);
      },
      onSuccess: (updated) => {
        queryClient.setQueryData<Package[]>(key, (packages) =>
          packages?.map((pkg) => (pkg.id === updated.id ? { ...pkg, ...updated } : pkg)),
        );
      },
      onSettled: (_data, _error, { packageId }) => {
        refreshAfterPackageChange(queryClient, setId);
        void queryClient.invalidateQueries({ queryKey: queryKeys.package(packageId) });
      },
    },
    { key: ({ packageId }) => packageId },
  );
}

export function useDeletePackage(setId: number) {
  const queryClient = useQueryClient();
  return useGuardedMutation(
    {
      mutationFn: (packageId: number) =>
        unwrap(
          api.DELETE('/api/packages/{package_id}', { params: { path: { package_id: packageId } } }),
        ),
      onSuccess: (_data, packageId) => {
        queryClient.removeQueries({ queryKey: queryKeys.package(packageId) });
        refreshAfterPackageChange(queryClient, setId);
        void queryClient.invalidateQueries({ queryKey: queryKeys.setSamples(setId) });
        void queryClient.invalidateQueries({ queryKey: queryKeys.set(setId) });
      },
    },
    { key: (packageId) => packageId },
  );
}

/**
 * Takes the next unassigned package of the set for the caller; 404 `no_package_left` when none is.
 * `idempotencyKey`: one per click (newIdempotencyKey), so a retried request claims nothing more.
 */
export function useClaimPackage(setId: number) {
  const queryClient = useQueryClient();
  return useGuardedMutation({
    mutationFn: (idempotencyKey: string) =>
      unwrap(
        api.POST('/api/sets/{set_id}/packages/claim', {
          params: { path: { set_id: setId }, header: { 'Idempotency-Key': idempotencyKey } },
        }),
      ),
    onSuccess: () => refreshAfterPackageChange(queryClient, setId),
  });
}
