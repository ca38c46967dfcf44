import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useState } from 'react';
import type { Member, Package } from '../../../api/types.ts';
import { errorMessage } from '../../../lib/errors.ts';
import { fullName } from '../../../lib/format.ts';
import { useUpdatePackage, type PackageUpdateBody } from '../api.ts';

export interface RowError {
  packageId: number;
  number: number;
  message: string;
}

function readerName(pkg: Package): string {
  return pkg.assignee ? `${pkg.assignee.name} ${pkg.assignee.surname}` : 'its reader';
}

/**
 * Assigning and marking ready from the packages table, asking first where finished work is at stake
 * (issue 13 item 1): handing a ready package to someone else keeps it ready (the API's rule), and
 * reopening it, or putting it back in the pool, takes its readings out of the default export.
 */
export function usePackageChanges(setId: number, members: Member[]) {
  const update = useUpdatePackage(setId, members);
  const [rowError, setRowError] = useState<RowError | null>(null);

  const send = (pkg: Package, body: PackageUpdateBody) => {
    setRowError(null);
    update.mutate(
      { packageId: pkg.id, body },
      {
        onError: (error) =>
          setRowError({ packageId: pkg.id, number: pkg.number, message: errorMessage(error) }),
      },
    );
  };

  const confirm = (title: string, text: string, label: string, onConfirm: () => void) =>
    modals.openConfirmModal({
      title,
      children: <Text size="sm">{text}</Text>,
      labels: { confirm: label, cancel: 'Cancel' },
      onConfirm,
    });

  const assign = (pkg: Package, assigneeId: number | null) => {
    if (!pkg.is_ready) return send(pkg, { assignee_id: assigneeId });
    const reader = readerName(pkg);
    if (assigneeId === null) {
      return confirm(
        `Put package #${pkg.number} back in the pool?`,
        `It is marked ready. Back in the pool it is reopened: ${reader}’s readings stay theirs but leave the default (ready-only) export until someone marks it ready again.`,
        'Reopen and unassign',
        () => send(pkg, { assignee_id: null, is_ready: false }),
      );
    }
    const member = members.find((candidate) => candidate.user_id === assigneeId);
    const next = member ? fullName(member) : 'the new assignee';
    return confirm(
      `Hand package #${pkg.number} to ${next}?`,
      `It is marked ready and stays ready: ${reader}’s readings stay finished, theirs, in the export and in their work. ${next} receives it as ready; to have them read it again, switch Ready off afterwards.`,
      'Hand it over',
      () => send(pkg, { assignee_id: assigneeId }),
    );
  };

  const markReady = (pkg: Package, isReady: boolean) => {
    if (isReady) return send(pkg, { is_ready: true });
    return confirm(
      `Reopen package #${pkg.number}?`,
      `Its readings leave the default (ready-only) export until it is marked ready again.`,
      'Reopen',
      () => send(pkg, { is_ready: false }),
    );
  };

  return {
    assign,
    markReady,
    isPending: (pkg: Package) => update.isPendingFor({ packageId: pkg.id, body: {} }),
    rowError,
    clearError: () => setRowError(null),
    showError: setRowError,
  };
}
