import { Group, Progress, Table, Text } from '@mantine/core';
import type { ImageViews } from '../api.ts';
import { formatDay } from '../format-time.ts';

interface ImageViewsTableProps {
  views: ImageViews[];
  members: ReadonlyMap<number, string>;
}

/** Images opened per member and day, with a bar against the busiest day shown. */
export function ImageViewsTable({ views, members }: ImageViewsTableProps) {
  const most = Math.max(1, ...views.map((row) => row.count));
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table verticalSpacing="xs" highlightOnHover aria-label="Images opened per member and day">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={180}>Day (UTC)</Table.Th>
            <Table.Th w={260}>Member</Table.Th>
            <Table.Th>Images opened</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {views.map((row) => (
            <Table.Tr key={row.id} data-testid="image-views-row">
              <Table.Td>
                <Text size="sm">{formatDay(row.day)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{members.get(row.user_id) ?? `Former member #${row.user_id}`}</Text>
              </Table.Td>
              <Table.Td>
                <Group gap="sm" wrap="nowrap" maw={460}>
                  <Progress value={(row.count / most) * 100} size="md" flex={1} aria-hidden />
                  <Text size="sm" fw={500} w={48} ta="right">
                    {row.count}
                  </Text>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
