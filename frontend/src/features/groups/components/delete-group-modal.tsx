import { Button, Code, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Group as GroupType } from '../../../api/types.ts';
import { FormError } from '../../../components/form-error.tsx';
import { useDeleteGroup } from '../api.ts';

interface DeleteGroupModalProps {
  group: GroupType;
  opened: boolean;
  onClose: () => void;
}

/** Deleting a group needs its name typed, so it is never a slip of the mouse. */
export function DeleteGroupModal({ group, opened, onClose }: DeleteGroupModalProps) {
  const remove = useDeleteGroup(group.id);
  const navigate = useNavigate();
  const [typed, setTyped] = useState('');
  const matches = typed.trim() === group.name.trim();

  const close = () => {
    setTyped('');
    remove.reset();
    onClose();
  };

  const confirm = () =>
    remove.mutate(undefined, {
      onSuccess: () => {
        notifications.show({ message: `Group “${group.name}” deleted.` });
        void navigate('/groups', { replace: true });
      },
    });

  return (
    <Modal opened={opened} onClose={close} title="Delete the group">
      <Stack>
        <Text size="sm">
          Everything in <b>{group.name}</b> will be deleted: sets, images, packages and every
          member&apos;s annotations.
        </Text>
        <TextInput
          label={
            <>
              Type <Code>{group.name}</Code> to confirm
            </>
          }
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
          autoComplete="off"
          data-autofocus
        />
        <FormError error={remove.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button color="red" disabled={!matches} loading={remove.isPending} onClick={confirm}>
            Delete forever
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
