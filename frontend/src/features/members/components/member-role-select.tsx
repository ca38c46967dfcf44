import { Select } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Member, Role } from '../../../api/types.ts';
import { errorMessage, hasStatus } from '../../../lib/errors.ts';
import { useChangeRole } from '../api.ts';

const ROLES: { value: Role; label: string }[] = [
  { value: 'admin', label: 'Admin' },
  { value: 'annotator', label: 'Annotator' },
];

/** Admins change a member's role; the API refuses to demote the last admin (409), shown in red. */
export function MemberRoleSelect({ groupId, member }: { groupId: number; member: Member }) {
  const change = useChangeRole(groupId);
  const error = change.error
    ? hasStatus(change.error, 409)
      ? errorMessage(change.error) || 'The group needs at least one admin.'
      : errorMessage(change.error)
    : undefined;

  return (
    <Select
      aria-label={`Role of ${member.name} ${member.surname}`}
      data={ROLES}
      value={member.role}
      allowDeselect={false}
      disabled={change.isPending}
      size="xs"
      w={140}
      error={error}
      comboboxProps={{ withinPortal: true }}
      onChange={(value) => {
        if (!value || value === member.role) return;
        change.mutate(
          { userId: member.user_id, role: value as Role },
          {
            onSuccess: (updated) =>
              notifications.show({
                color: 'teal',
                message: `${updated.name} ${updated.surname} is now ${updated.role === 'admin' ? 'an admin' : 'an annotator'}.`,
              }),
          },
        );
      }}
    />
  );
}
