import {
  Button,
  Divider,
  Group,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconLock } from '@tabler/icons-react';
import { useEffect } from 'react';
import { EmptyState } from '../../components/empty-state.tsx';
import { FormError } from '../../components/form-error.tsx';
import { PageLoader } from '../../components/page-loader.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fieldErrors } from '../../lib/errors.ts';
import { useGroup } from '../../lib/use-group.ts';
import { useUpdateGroup } from './api.ts';
import { DeleteGroupModal } from './components/delete-group-modal.tsx';
import { DicomDatesCard } from './components/dicom-dates-card.tsx';
import { useGroupId } from './hooks/use-group-id.ts';

/** Admins: rename and describe the group, choose what happens to DICOM dates, or delete it. */
export default function GroupSettingsTab() {
  const groupId = useGroupId();
  const group = useGroup(groupId);
  const update = useUpdateGroup(groupId);
  const [deleteOpened, deleteModal] = useDisclosure(false);
  const form = useForm({
    initialValues: { name: '', description: '' },
    validate: { name: (value) => (value.trim() ? null : 'The group needs a name') },
  });

  const loaded = group.data;
  useEffect(() => {
    if (!loaded) return;
    form.setValues({ name: loaded.name, description: loaded.description });
    form.resetDirty({ name: loaded.name, description: loaded.description });
    // Refill the form when the saved group changes, not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded?.name, loaded?.description]);

  if (group.isPending) return <PageLoader />;
  if (group.isError) return <QueryError error={group.error} onRetry={() => void group.refetch()} />;
  if (group.data.role !== 'admin') {
    return (
      <EmptyState title="Only the group's admins change its settings" icon={<IconLock size={26} />}>
        Ask an admin of “{group.data.name}” to rename or delete it.
      </EmptyState>
    );
  }

  const submit = form.onSubmit((values) =>
    update.mutate(
      { name: values.name.trim(), description: values.description.trim() },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: 'Group settings saved.' }),
        onError: (error) => form.setErrors(fieldErrors(error)),
      },
    ),
  );

  return (
    <Stack gap="lg" maw={720}>
      <Paper withBorder p="lg">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={4}>Name and description</Title>
            <TextInput label="Name" withAsterisk {...form.getInputProps('name')} />
            <Textarea
              label="Description"
              description="Shown to every member under the group's name"
              autosize
              minRows={2}
              maxRows={6}
              {...form.getInputProps('description')}
            />
            <FormError error={update.error} />
            <Group justify="flex-end">
              <Button variant="default" disabled={!form.isDirty()} onClick={() => form.reset()}>
                Discard changes
              </Button>
              <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <DicomDatesCard groupId={groupId} value={group.data.dicom_dates} />
      <Paper withBorder p="lg" style={{ borderColor: 'var(--mantine-color-red-4)' }}>
        <Stack gap="sm">
          <Title order={4} c="red">
            Delete this group
          </Title>
          <Divider />
          <Group justify="space-between" wrap="nowrap" align="center">
            <Text size="sm">
              Deletes every set, image, package and annotation of the group, for every member. It
              cannot be undone; export what you need first.
            </Text>
            <Button
              color="red"
              variant="light"
              onClick={deleteModal.open}
              style={{ flexShrink: 0 }}
            >
              Delete group
            </Button>
          </Group>
        </Stack>
      </Paper>
      <DeleteGroupModal group={group.data} opened={deleteOpened} onClose={deleteModal.close} />
    </Stack>
  );
}
