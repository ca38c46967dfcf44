import { Anchor, Group, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { Group as GroupType } from '../../../api/types.ts';
import { RoleBadge } from '../../../components/role-badge.tsx';
import { formatDate, plural } from '../../../lib/format.ts';

type SortKey = 'name' | 'newest' | 'oldest';

const SORTS: { value: SortKey; label: string }[] = [
  { value: 'name', label: 'Name (A–Z)' },
  { value: 'newest', label: 'Newest first' },
  { value: 'oldest', label: 'Oldest first' },
];

function sortGroups(groups: GroupType[], sort: SortKey): GroupType[] {
  const sorted = [...groups];
  if (sort === 'name') sorted.sort((a, b) => a.name.localeCompare(b.name));
  else {
    const direction = sort === 'newest' ? -1 : 1;
    sorted.sort((a, b) => direction * a.created_at.localeCompare(b.created_at));
  }
  return sorted;
}

/** The caller's groups with their role: searchable by name, sortable by name or date. */
export function GroupsList({ groups }: { groups: GroupType[] }) {
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortKey>('name');

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const matching = needle
      ? groups.filter(
          (group) =>
            group.name.toLowerCase().includes(needle) ||
            group.description.toLowerCase().includes(needle),
        )
      : groups;
    return sortGroups(matching, sort);
  }, [groups, search, sort]);

  return (
    <Stack gap="sm">
      <Group gap="sm" wrap="wrap">
        <TextInput
          placeholder="Search groups"
          aria-label="Search groups"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          style={{ flex: 1, minWidth: 220 }}
        />
        <Select
          aria-label="Sort groups"
          data={SORTS}
          value={sort}
          onChange={(value) => setSort((value as SortKey | null) ?? 'name')}
          allowDeselect={false}
          w={180}
        />
      </Group>
      <Paper withBorder>
        <Table.ScrollContainer minWidth={560}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Group</Table.Th>
                <Table.Th>My role</Table.Th>
                <Table.Th>Members</Table.Th>
                <Table.Th>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((group) => (
                <Table.Tr key={group.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/groups/${group.id}`} fw={600}>
                      {group.name}
                    </Anchor>
                    {group.description && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {group.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <RoleBadge role={group.role} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{plural(group.member_count, 'member')}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDate(group.created_at)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {shown.length === 0 && (
          <Text c="dimmed" size="sm" ta="center" py="lg">
            No group matches “{search.trim()}”.
          </Text>
        )}
      </Paper>
    </Stack>
  );
}
