import { Button, Group, Paper, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus, IconTags } from '@tabler/icons-react';
import { useState } from 'react';
import type { Label } from '../../api/types.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageLoader } from '../../components/page-loader.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useSetId } from '../../lib/use-set-id.ts';
import { useSetLabels } from '../../lib/use-set-labels.ts';
import { useSetRole } from '../../lib/use-set-role.ts';
import { DeleteLabelModal } from './components/delete-label-modal.tsx';
import { LabelFormModal } from './components/label-form-modal.tsx';
import { LabelsTable } from './components/labels-table.tsx';

/** The set's labels: everyone sees them; admins add, edit and delete them. */
export default function LabelsTab() {
  const setId = useSetId();
  const labels = useSetLabels(setId);
  const { isAdmin } = useSetRole(setId);
  const [formOpened, formModal] = useDisclosure(false);
  const [editing, setEditing] = useState<Label | null>(null);
  const [deleting, setDeleting] = useState<Label | null>(null);

  if (labels.isPending) return <PageLoader />;
  if (labels.isError)
    return <QueryError error={labels.error} onRetry={() => void labels.refetch()} />;

  const openCreate = () => {
    setEditing(null);
    formModal.open();
  };
  const openEdit = (label: Label) => {
    setEditing(label);
    formModal.open();
  };
  const addButton = isAdmin && (
    <Button leftSection={<IconPlus size={16} />} onClick={openCreate}>
      Add label
    </Button>
  );

  return (
    <>
      {labels.data.length === 0 ? (
        <EmptyState title="No labels yet" icon={<IconTags size={26} />} action={addButton}>
          {isAdmin
            ? 'Labels are what annotators assign: a finding for each box, or a class for each image. Add them before the team starts; digits 1–9 become their keys in the editor.'
            : 'The set’s manager has not added labels yet. Once they do, they appear here with their keys.'}
        </EmptyState>
      ) : (
        <>
          <Group justify="space-between" mb="sm">
            <Text size="sm" c="dimmed">
              Press a label’s shortcut in the editor to pick it.
            </Text>
            {addButton}
          </Group>
          <Paper withBorder>
            <LabelsTable
              labels={labels.data}
              canEdit={isAdmin}
              onEdit={openEdit}
              onDelete={setDeleting}
            />
          </Paper>
        </>
      )}
      {isAdmin && (
        <>
          <LabelFormModal
            setId={setId}
            opened={formOpened}
            onClose={formModal.close}
            label={editing}
            labels={labels.data}
          />
          <DeleteLabelModal setId={setId} label={deleting} onClose={() => setDeleting(null)} />
        </>
      )}
    </>
  );
}
