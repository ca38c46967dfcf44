import { Alert, Chip, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconBoxMultiple } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { Package } from '../../api/types.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageLoader } from '../../components/page-loader.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { plural } from '../../lib/format.ts';
import { useGroupMembers } from '../../lib/use-group-members.ts';
import { useMe } from '../../lib/use-me.ts';
import { useSet } from '../../lib/use-set.ts';
import { useSetId } from '../../lib/use-set-id.ts';
import { useSetPackages } from '../../lib/use-set-packages.ts';
import { useSetRole } from '../../lib/use-set-role.ts';
import { useDeletePackage } from './api.ts';
import { ClaimPackageButton } from './components/claim-package-button.tsx';
import { PackagesTable } from './components/packages-table.tsx';
import { usePackageChanges } from './hooks/use-package-changes.tsx';

type StatusFilter = 'all' | Package['status'];

/** The set's packages: claim the next one; admins assign, and anyone marks their own ready. */
export default function PackagesTab() {
  const setId = useSetId();
  const set = useSet(setId);
  const { isAdmin } = useSetRole(setId);
  const me = useMe();
  const packages = useSetPackages(setId);
  const members = useGroupMembers(set.data?.group_id ?? Number.NaN);
  const changes = usePackageChanges(setId, members.data ?? []);
  const remove = useDeletePackage(setId);
  const [status, setStatus] = useState<StatusFilter>('all');
  const [onlyMine, setOnlyMine] = useState(false);
  const { rowError } = changes;
  const meId = me.data?.id;

  const shown = useMemo(
    () =>
      (packages.data ?? []).filter(
        (pkg) =>
          (status === 'all' || pkg.status === status) && (!onlyMine || pkg.assignee_id === meId),
      ),
    [packages.data, status, onlyMine, meId],
  );

  if (packages.isPending) return <PageLoader />;
  if (packages.isError) {
    return <QueryError error={packages.error} onRetry={() => void packages.refetch()} />;
  }

  const confirmDelete = (pkg: Package) =>
    modals.openConfirmModal({
      title: `Delete package #${pkg.number}?`,
      children: (
        <Text size="sm">
          This deletes its {plural(pkg.sample_count, 'image')} and every annotation made on them. It
          cannot be undone.
        </Text>
      ),
      labels: { confirm: 'Delete package', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(pkg.id, {
          onSuccess: () => notifications.show({ message: `Package #${pkg.number} deleted.` }),
          onError: (error) =>
            changes.showError({
              packageId: pkg.id,
              number: pkg.number,
              message: errorMessage(error),
            }),
        }),
    });

  const counts = {
    unassigned: packages.data.filter((pkg) => pkg.status === 'unassigned').length,
    in_progress: packages.data.filter((pkg) => pkg.status === 'in_progress').length,
    ready: packages.data.filter((pkg) => pkg.status === 'ready').length,
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        {packages.data.length > 0 ? (
          <Group gap="sm">
            <SegmentedControl
              size="xs"
              value={status}
              onChange={(value) => setStatus(value as StatusFilter)}
              data={[
                { value: 'all', label: `All ${packages.data.length}` },
                { value: 'unassigned', label: `Unassigned ${counts.unassigned}` },
                { value: 'in_progress', label: `In progress ${counts.in_progress}` },
                { value: 'ready', label: `Ready ${counts.ready}` },
              ]}
              aria-label="Filter packages by status"
            />
            <Chip size="xs" checked={onlyMine} onChange={setOnlyMine}>
              Only mine
            </Chip>
          </Group>
        ) : (
          <div />
        )}
        <ClaimPackageButton setId={setId} />
      </Group>
      {rowError && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertCircle size={18} />}
          withCloseButton
          onClose={changes.clearError}
          role="alert"
          py="xs"
        >
          Package #{rowError.number}: {rowError.message}
        </Alert>
      )}
      {packages.data.length === 0 ? (
        <EmptyState title="No packages yet" icon={<IconBoxMultiple size={26} />}>
          {isAdmin
            ? `Packages appear when you upload images: every ${set.data?.package_size ?? ''} images make one. Use the Upload tab.`
            : 'The set’s manager has not uploaded images yet. Packages to claim appear here once they do.'}
        </EmptyState>
      ) : shown.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" py="lg">
          No package matches these filters.
        </Text>
      ) : (
        <Paper withBorder>
          <PackagesTable
            packages={shown}
            members={members.data ?? []}
            isAdmin={isAdmin}
            meId={meId}
            onAssign={changes.assign}
            onReadyChange={changes.markReady}
            onDelete={confirmDelete}
            isPending={(pkg) => changes.isPending(pkg) || remove.isPendingFor(pkg.id)}
          />
        </Paper>
      )}
    </Stack>
  );
}
