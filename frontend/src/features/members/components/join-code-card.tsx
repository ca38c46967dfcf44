import {
  ActionIcon,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconRefresh } from '@tabler/icons-react';
import { errorMessage } from '../../../lib/errors.ts';
import { useRotateJoinCode } from '../api.ts';

interface JoinCodeCardProps {
  groupId: number;
  joinCode: string;
}

/** Admins: the code new members join with, to copy; rotating it makes the old one stop working. */
export function JoinCodeCard({ groupId, joinCode }: JoinCodeCardProps) {
  const rotate = useRotateJoinCode(groupId);
  const confirmRotate = () =>
    modals.openConfirmModal({
      title: 'Make a new join code?',
      children: (
        <Text size="sm">
          The current code stops working at once. Members already in the group stay; people you sent
          the old code to will need the new one.
        </Text>
      ),
      labels: { confirm: 'New code', cancel: 'Cancel' },
      onConfirm: () =>
        rotate.mutate(undefined, {
          onSuccess: () =>
            notifications.show({
              color: 'teal',
              message: 'New join code ready. The old one no longer works.',
            }),
          onError: (error) =>
            notifications.show({
              color: 'red',
              title: 'Code not changed',
              message: errorMessage(error),
            }),
        }),
    });

  return (
    <Paper withBorder p="md">
      <Group justify="space-between" wrap="wrap" gap="md">
        <Stack gap={2}>
          <Text fw={600}>Join code</Text>
          <Text size="sm" c="dimmed">
            Send it to doctors: they choose “Join with a code” on their Groups page.
          </Text>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <Code fz="lg" px="md" py={6} aria-label="Join code" data-testid="join-code">
            {joinCode}
          </Code>
          <CopyButton value={joinCode} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy the code'}>
                <ActionIcon
                  variant="light"
                  size="lg"
                  color={copied ? 'teal' : undefined}
                  onClick={copy}
                  aria-label="Copy the join code"
                >
                  {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} />}
            loading={rotate.isPending}
            onClick={confirmRotate}
          >
            New code
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
