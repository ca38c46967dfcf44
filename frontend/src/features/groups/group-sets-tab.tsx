import {
  ActionIcon,
  Anchor,
  Button,
  Group,
  Menu,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconDots,
  IconFolders,
  IconPencil,
  IconPlus,
  IconSearch,
  IconTrash,
} from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { AnnotationSet } from '../../api/types.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageLoader } from '../../components/page-loader.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDate, plural } from '../../lib/format.ts';
import { useGroup } from '../../lib/use-group.ts';
import { useDeleteSet, useGroupSets } from './api.ts';
import { SetFormModal } from './components/set-form-modal.tsx';
import { SetTypeBadge } from '../../components/set-type-badge.tsx';
import { useGroupId } from './hooks/use-group-id.ts';

type TypeFilter = 'all' | 'detection' | 'classification';

/** The group's sets: type, images, packages; admins create, edit and delete them. */
export default function GroupSetsTab() {
  const groupId = useGroupId();
  const group = useGroup(groupId);
  const sets = useGroupSets(groupId);
  const remove = useDeleteSet(groupId);
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [type, setType] = useState<TypeFilter>('all');
  const [formOpened, formModal] = useDisclosure(false);
  const [editing, setEditing] = useState<AnnotationSet | null>(null);
  const isAdmin = group.data?.role === 'admin';

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (sets.data ?? []).filter(
      (set) =>
        (type === 'all' || set.type === type) &&
        (!needle ||
          set.name.toLowerCase().includes(needle) ||
          set.description.toLowerCase().includes(needle)),
    );
  }, [sets.data, search, type]);

  const openCreate = () => {
    setEditing(null);
    formModal.open();
  };
  const openEdit = (set: AnnotationSet) => {
    setEditing(set);
    formModal.open();
  };
  const confirmDelete = (set: AnnotationSet) =>
    modals.openConfirmModal({
      title: `Delete “${set.name}”?`,
      children: (
        <Text size="sm">
          This deletes its {plural(set.sample_count, 'image')},{' '}
          {plural(set.package_count, 'package')} and every annotation made on them. It cannot be
          undone.
        </Text>
      ),
      labels: { confirm: 'Delete set', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(set.id, {
          onSuccess: () => notifications.show({ message: `Set “${set.name}” deleted.` }),
          onError: (error) =>
            notifications.show({
              color: 'red',
              title: 'Not deleted',
              message: errorMessage(error),
            }),
        }),
    });

  if (sets.isPending) return <PageLoader />;
  if (sets.isError) return <QueryError error={sets.error} onRetry={() => void sets.refetch()} />;

  const createButton = isAdmin && (
    <Button leftSection={<IconPlus size={16} />} onClick={openCreate}>
      Create set
    </Button>
  );

  return (
    <>
      {sets.data.length === 0 ? (
        <EmptyState title="No sets yet" icon={<IconFolders size={26} />} action={createButton}>
          {isAdmin
            ? 'A set holds images of one task (detection or classification) with its labels. Create one, then upload images on its page.'
            : 'Your manager has not created any set yet. Once they do, claim a package on the set’s page.'}
        </EmptyState>
      ) : (
        <Stack gap="sm">
          <Group gap="sm" wrap="wrap">
            <TextInput
              placeholder="Search sets"
              aria-label="Search sets"
              leftSection={<IconSearch size={16} />}
              value={search}
              onChange={(event) => setSearch(event.currentTarget.value)}
              style={{ flex: 1, minWidth: 200 }}
            />
            <SegmentedControl
              value={type}
              onChange={(value) => setType(value as TypeFilter)}
              data={[
                { value: 'all', label: 'All' },
                { value: 'detection', label: 'Detection' },
                { value: 'classification', label: 'Classification' },
              ]}
            />
            {createButton}
          </Group>
          <Paper withBorder>
            <Table.ScrollContainer minWidth={640}>
              <Table highlightOnHover verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Set</Table.Th>
                    <Table.Th>Type</Table.Th>
                    <Table.Th ta="right">Images</Table.Th>
                    <Table.Th ta="right">Packages</Table.Th>
                    <Table.Th>Created</Table.Th>
                    {isAdmin && <Table.Th w={48} />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((set) => (
                    <Table.Tr key={set.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/sets/${set.id}`} fw={600}>
                          {set.name}
                        </Anchor>
                        {set.description && (
                          <Text size="xs" c="dimmed" lineClamp={1}>
                            {set.description}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <SetTypeBadge type={set.type} />
                      </Table.Td>
                      <Table.Td ta="right">{set.sample_count}</Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm">
                          {set.package_count}
                          <Text span size="xs" c="dimmed">
                            {' '}
                            × {set.package_size}
                          </Text>
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDate(set.created_at)}</Text>
                      </Table.Td>
                      {isAdmin && (
                        <Table.Td>
                          <Menu position="bottom-end" withinPortal>
                            <Menu.Target>
                              <ActionIcon
                                variant="subtle"
                                color="gray"
                                aria-label={`Actions for ${set.name}`}
                              >
                                <IconDots size={18} />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item
                                leftSection={<IconPencil size={16} />}
                                onClick={() => openEdit(set)}
                              >
                                Edit
                              </Menu.Item>
                              <Menu.Item
                                color="red"
                                leftSection={<IconTrash size={16} />}
                                onClick={() => confirmDelete(set)}
                              >
                                Delete
                              </Menu.Item>
                            </Menu.Dropdown>
                          </Menu>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {shown.length === 0 && (
              <Text c="dimmed" size="sm" ta="center" py="lg">
                No set matches this search.
              </Text>
            )}
          </Paper>
        </Stack>
      )}
      {isAdmin && (
        <SetFormModal
          groupId={groupId}
          opened={formOpened}
          onClose={formModal.close}
          set={editing}
          onSaved={(saved) => {
            if (!editing) void navigate(`/sets/${saved.id}`);
          }}
        />
      )}
    </>
  );
}
