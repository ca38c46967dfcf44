import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { Group as GroupType } from '../../../api/types.ts';
import { hasStatus } from '../../../lib/errors.ts';
import { errorMessage } from '../../../lib/errors.ts';
import { useJoinGroup } from '../api.ts';

interface JoinGroupModalProps {
  opened: boolean;
  onClose: () => void;
  onJoined: (group: GroupType) => void;
}

/** Joins a group with the code its manager shared; the caller becomes an annotator. */
export function JoinGroupModal({ opened, onClose, onJoined }: JoinGroupModalProps) {
  const join = useJoinGroup();
  const form = useForm({
    initialValues: { joinCode: '' },
    validate: {
      joinCode: (value) => (value.trim() ? null : 'Paste the code your manager sent you'),
    },
  });

  const close = () => {
    form.reset();
    join.reset();
    onClose();
  };

  const submit = form.onSubmit((values) => {
    join.mutate(values.joinCode.trim(), {
      onSuccess: (group) => {
        notifications.show({
          color: 'teal',
          title: 'Joined',
          message: `You are a member of “${group.name}”. Claim a package in one of its sets.`,
        });
        form.reset();
        onJoined(group);
      },
      onError: (error) =>
        form.setFieldError(
          'joinCode',
          hasStatus(error, 404)
            ? 'No group has this code. Check it, or ask your manager for a fresh one.'
            : errorMessage(error),
        ),
    });
  });

  return (
    <Modal opened={opened} onClose={close} title="Join a group">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            Your group&apos;s manager finds the join code on the group&apos;s Members tab.
          </Text>
          <TextInput
            label="Join code"
            placeholder="e.g. 7KQ2-MX9P-4TZA"
            withAsterisk
            data-autofocus
            autoComplete="off"
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            {...form.getInputProps('joinCode')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={join.isPending}>
              Join
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
