import { ActionIcon, Badge, Group, Paper, Stack, Table, Text, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconUserMinus } from '@tabler/icons-react';
import type { Member } from '../../../api/types.ts';
import { RoleBadge } from '../../../components/role-badge.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { formatDate, formatExperience, fullName } from '../../../lib/format.ts';
import { useRemoveMember } from '../api.ts';
import { MemberRoleSelect } from './member-role-select.tsx';

interface MembersTableProps {
  groupId: number;
  members: Member[];
  /** The caller's user id. */
  meId: number;
  /** The caller is an admin of the group (from the API's `role`). */
  canManage: boolean;
}

/** Members with title, specialization, experience and role; admins change roles and remove members. */
export function MembersTable({ groupId, members, meId, canManage }: MembersTableProps) {
  const remove = useRemoveMember(groupId);

  const confirmRemove = (member: Member) =>
    modals.openConfirmModal({
      title: `Remove ${fullName(member)}?`,
      children: (
        <Text size="sm">
          They lose access to the group at once. Their annotations stay; packages assigned to them
          stay assigned until you reassign them on each set&apos;s page.
        </Text>
      ),
      labels: { confirm: 'Remove', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(member.user_id, {
          onSuccess: () => notifications.show({ message: `${fullName(member)} was removed.` }),
          onError: (error) =>
            notifications.show({
              color: 'red',
              title: 'Not removed',
              message: errorMessage(error),
            }),
        }),
    });

  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Specialization</Table.Th>
              <Table.Th>Experience</Table.Th>
              <Table.Th>Joined</Table.Th>
              <Table.Th>Role</Table.Th>
              {canManage && <Table.Th w={48} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.map((member) => {
              const isMe = member.user_id === meId;
              return (
                <Table.Tr key={member.user_id}>
                  <Table.Td>
                    <Stack gap={0}>
                      <Group gap={6}>
                        <Text size="sm" fw={600}>
                          {fullName(member)}
                        </Text>
                        {isMe && (
                          <Badge size="xs" variant="outline" color="gray">
                            you
                          </Badge>
                        )}
                      </Group>
                      <Text size="xs" c="dimmed">
                        {member.email}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{member.specialization || '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatExperience(member.practice_start_year)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDate(member.joined_at)}</Text>
                  </Table.Td>
                  <Table.Td>
                    {canManage ? (
                      <MemberRoleSelect groupId={groupId} member={member} />
                    ) : (
                      <RoleBadge role={member.role} />
                    )}
                  </Table.Td>
                  {canManage && (
                    <Table.Td>
                      {!isMe && (
                        <Tooltip label="Remove from the group">
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Remove ${fullName(member)}`}
                            onClick={() => confirmRemove(member)}
                          >
                            <IconUserMinus size={18} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
