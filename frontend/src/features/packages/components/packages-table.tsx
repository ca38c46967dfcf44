import {
  ActionIcon,
  Button,
  Group,
  Progress,
  Stack,
  Switch,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconArrowRight, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Member, Package } from '../../../api/types.ts';
import { percent } from '../../../lib/format.ts';
import { AssigneeSelect } from './assignee-select.tsx';
import { PackageStatusBadge } from './package-status-badge.tsx';

interface PackagesTableProps {
  packages: Package[];
  members: Member[];
  /** The caller administers the set's group (as the API says): assignee pickers and delete. */
  isAdmin: boolean;
  /** The signed-in user's id: an assignee may mark their own package ready. */
  meId: number | undefined;
  onAssign: (pkg: Package, assigneeId: number | null) => void;
  onReadyChange: (pkg: Package, isReady: boolean) => void;
  onDelete: (pkg: Package) => void;
  /** A change of this package is on its way: its controls wait (a double click sends one). */
  isPending: (pkg: Package) => boolean;
}

function assigneeName(pkg: Package, members: Member[]): string | null {
  if (!pkg.assignee_id) return null;
  if (pkg.assignee) return `${pkg.assignee.name} ${pkg.assignee.surname}`;
  const member = members.find((candidate) => candidate.user_id === pkg.assignee_id);
  return member ? `${member.name} ${member.surname}` : `User ${pkg.assignee_id}`;
}

/** The set's packages: status, who works on each, progress, ready state, open and delete. */
export function PackagesTable(props: PackagesTableProps) {
  const { packages, members, isAdmin, meId, onAssign, onReadyChange, onDelete, isPending } = props;
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing={6} highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={90}>Package</Table.Th>
            <Table.Th w={140}>Status</Table.Th>
            <Table.Th>Assignee</Table.Th>
            <Table.Th w={200}>Progress</Table.Th>
            <Table.Th w={90}>Ready</Table.Th>
            <Table.Th w={isAdmin ? 130 : 100} aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {packages.map((pkg) => {
            const value = percent(pkg.annotated_count, pkg.sample_count);
            const mine = meId !== undefined && pkg.assignee_id === meId;
            const name = assigneeName(pkg, members);
            const mayMarkReady = isAdmin || mine;
            const busy = isPending(pkg);
            return (
              <Table.Tr key={pkg.id} data-testid={`package-row-${pkg.id}`}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    #{pkg.number}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <PackageStatusBadge status={pkg.status} />
                </Table.Td>
                <Table.Td>
                  {isAdmin ? (
                    <AssigneeSelect
                      pkg={pkg}
                      members={members}
                      onChange={(assigneeId) => onAssign(pkg, assigneeId)}
                      disabled={busy}
                    />
                  ) : (
                    <Text size="sm" c={name ? undefined : 'dimmed'}>
                      {name ?? 'Unassigned'}
                      {mine && (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          (you)
                        </Text>
                      )}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <Text size="xs" c="dimmed">
                      {pkg.annotated_count} of {pkg.sample_count} annotated
                    </Text>
                    <Progress
                      value={value}
                      size="sm"
                      radius="sm"
                      color={value === 100 ? 'teal' : 'clinical'}
                      aria-label={`Package ${pkg.number}: ${value}% annotated`}
                    />
                  </Stack>
                </Table.Td>
                <Table.Td>
                  {mayMarkReady ? (
                    <Switch
                      checked={pkg.is_ready}
                      onChange={(event) => onReadyChange(pkg, event.currentTarget.checked)}
                      disabled={busy}
                      aria-label={`Package ${pkg.number} ready`}
                      color="teal"
                    />
                  ) : (
                    <Text size="sm" c="dimmed">
                      {pkg.is_ready ? 'Yes' : 'No'}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Button
                      component={Link}
                      to={`/packages/${pkg.id}`}
                      size="xs"
                      variant={mine && !pkg.is_ready ? 'filled' : 'light'}
                      rightSection={<IconArrowRight size={14} />}
                    >
                      Open
                    </Button>
                    {isAdmin && (
                      <Tooltip label="Delete package and its images">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Delete package ${pkg.number}`}
                          onClick={() => onDelete(pkg)}
                          disabled={busy}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
