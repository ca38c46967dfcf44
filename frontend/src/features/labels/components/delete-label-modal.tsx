import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import type { Label } from '../../../api/types.ts';
import { FormError } from '../../../components/form-error.tsx';
import { hasStatus } from '../../../lib/errors.ts';
import { useDeleteLabel } from '../api.ts';

interface DeleteLabelModalProps {
  setId: number;
  /** The label to delete; null keeps the modal closed. */
  label: Label | null;
  onClose: () => void;
}

/** Confirms deleting a label; a label still in use stays, and the modal says why. */
export function DeleteLabelModal({ setId, label, onClose }: DeleteLabelModalProps) {
  const remove = useDeleteLabel(setId);
  const { reset } = remove;
  useEffect(() => {
    if (label) reset();
  }, [label, reset]);
  const inUse = hasStatus(remove.error, 409);

  return (
    <Modal opened={label !== null} onClose={onClose} title={`Delete “${label?.name ?? ''}”?`}>
      <Stack gap="sm">
        <Text size="sm">
          The label disappears from this set. A label that boxes or classifications still use cannot
          be deleted: change or remove those annotations first.
        </Text>
        <FormError error={remove.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {inUse ? 'Close' : 'Keep it'}
          </Button>
          {!inUse && (
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                label &&
                remove.mutate(label.id, {
                  onSuccess: () => {
                    notifications.show({ message: `Label “${label.name}” deleted.` });
                    onClose();
                  },
                })
              }
            >
              Delete label
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
