import { Badge } from '@mantine/core';
import type { Role } from '../api/types.ts';

const LOOK: Record<Role, { label: string; color: string }> = {
  admin: { label: 'Admin', color: 'grape' },
  annotator: { label: 'Annotator', color: 'blue' },
};

/** A group role as the API names it: admin (the manager) or annotator. */
export function RoleBadge({ role }: { role: Role }) {
  const look = LOOK[role];
  return (
    <Badge color={look.color} variant="light" radius="sm">
      {look.label}
    </Badge>
  );
}
