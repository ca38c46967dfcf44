import { Alert, Button, Group, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReadOnlyReason } from '../read-only-reason.ts';

interface ReadOnlyNoticeProps {
  reason: ReadOnlyReason;
  busy?: boolean;
  onReopen: () => void;
  onBackToMine: () => void;
}

/** Why the reading cannot be changed here, and what would change that. */
export function ReadOnlyNotice({ reason, busy, onReopen, onBackToMine }: ReadOnlyNoticeProps) {
  let message: string;
  let action = null;
  switch (reason.kind) {
    case 'not-assignee':
      message = reason.assignee
        ? `This package is assigned to ${reason.assignee}; only they or an admin annotate it. You can look, not change.`
        : 'This package is not assigned to you. Claim a package on the set page, or ask an admin to assign this one to you.';
      break;
    case 'ready':
      message = 'This package is marked ready, so its readings are locked.';
      if (reason.canReopen) {
        action = (
          <Button size="compact-xs" variant="white" loading={busy} onClick={onReopen}>
            Mark not ready to edit
          </Button>
        );
      }
      break;
    case 'other-reader':
      message = `You are viewing ${reason.reader}'s reading. It is read-only.`;
      action = (
        <Button size="compact-xs" variant="white" onClick={onBackToMine}>
          Back to my reading
        </Button>
      );
      break;
  }
  return (
    <Alert
      variant="filled"
      color="dark"
      icon={<IconLock size={16} />}
      py={6}
      radius={0}
      role="note"
      aria-label="Read-only"
    >
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm">{message}</Text>
        {action}
      </Group>
    </Alert>
  );
}
