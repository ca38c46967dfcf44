import { Badge } from '@mantine/core';
import type { Package } from '../../../api/types.ts';

const LOOK: Record<Package['status'], { label: string; color: string }> = {
  unassigned: { label: 'Unassigned', color: 'gray' },
  in_progress: { label: 'In progress', color: 'blue' },
  ready: { label: 'Ready', color: 'teal' },
};

/** Unassigned, in progress or ready. */
export function PackageStatusBadge({ status }: { status: Package['status'] }) {
  const look = LOOK[status];
  return (
    <Badge variant="light" color={look.color} radius="sm">
      {look.label}
    </Badge>
  );
}
