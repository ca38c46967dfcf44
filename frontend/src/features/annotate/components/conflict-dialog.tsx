import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import type { Reading } from '../reading.ts';

interface ConflictDialogProps {
  opened: boolean;
  mine: Reading | null;
  detection: boolean;
  busy: boolean;
  error: string | null;
  onReload: () => void;
  onOverwrite: () => void;
}

function summary(reading: Reading, detection: boolean): string {
  const parts = [
    detection
      ? `${reading.boxes.length} box${reading.boxes.length === 1 ? '' : 'es'}`
      : `${reading.labelIds.length} label${reading.labelIds.length === 1 ? '' : 's'}`,
  ];
  if (reading.tentative) parts.push('tentative');
  if (reading.badQuality) parts.push('bad quality');
  if (reading.comment) parts.push('a comment');
  return parts.join(', ');
}

/**
 * A 409 stale_version: the reading was saved elsewhere meanwhile. The user's unsaved reading stays
 * on screen until they choose; nothing is thrown away without asking.
 */
export function ConflictDialog({
  opened,
  mine,
  detection,
  busy,
  error,
  onReload,
  onOverwrite,
}: ConflictDialogProps) {
  return (
    <Modal
      opened={opened}
      onClose={() => undefined}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      title="This sample was changed elsewhere (another tab or device)"
      size="lg"
    >
      <Stack gap="sm">
        <Text size="sm">
          Your reading of this sample was saved from another tab or device after you opened it. Your
          changes here are not saved yet; they stay on screen until you choose.
        </Text>
        {mine && (
          <List size="sm">
            <List.Item>Your unsaved reading: {summary(mine, detection)}.</List.Item>
          </List>
        )}
        {error && (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onReload} loading={busy}>
            Reload the latest (discard mine)
          </Button>
          <Button color="orange" onClick={onOverwrite} loading={busy}>
            Keep mine (replace the latest)
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
