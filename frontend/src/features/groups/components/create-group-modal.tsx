import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { FormError } from '../../../components/form-error.tsx';
import type { Group as GroupType } from '../../../api/types.ts';
import { fieldErrors } from '../../../lib/errors.ts';
import { useCreateGroup } from '../api.ts';

interface CreateGroupModalProps {
  opened: boolean;
  onClose: () => void;
  onCreated: (group: GroupType) => void;
}

/** A new group; its creator becomes its admin. */
export function CreateGroupModal({ opened, onClose, onCreated }: CreateGroupModalProps) {
  const create = useCreateGroup();
  const form = useForm({
    initialValues: { name: '', description: '' },
    validate: {
      name: (value) =>
        !value.trim()
          ? 'Name the group'
          : value.trim().length > 200
            ? 'At most 200 characters'
            : null,
    },
  });

  const close = () => {
    form.reset();
    create.reset();
    onClose();
  };

  const submit = form.onSubmit((values) => {
    create.mutate(
      { name: values.name.trim(), description: values.description.trim() },
      {
        onSuccess: (group) => {
          notifications.show({
            color: 'teal',
            title: 'Group created',
            message: `You manage “${group.name}”. Share its join code with your team.`,
          });
          form.reset();
          onCreated(group);
        },
        onError: (error) => form.setErrors(fieldErrors(error)),
      },
    );
  });

  return (
    <Modal opened={opened} onClose={close} title="Create a group">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Name"
            placeholder="Chest X-ray reading team"
            withAsterisk
            data-autofocus
            {...form.getInputProps('name')}
          />
          <Textarea
            label="Description"
            placeholder="What the group annotates, and for which study"
            autosize
            minRows={2}
            maxRows={5}
            {...form.getInputProps('description')}
          />
          <FormError error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create group
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
