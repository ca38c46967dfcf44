import { Button, Group, Loader, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCloudUp, IconLock } from '@tabler/icons-react';
import type { SessionState } from '../examination-session.ts';

interface SaveStatusProps {
  state: SessionState | null;
  readOnly: boolean;
  onRetry: () => void;
}

/** The autosave state, always visible: nothing is saved silently or lost silently. */
export function SaveStatus({ state, readOnly, onRetry }: SaveStatusProps) {
  if (readOnly || !state) {
    return (
      <Group gap={6} wrap="nowrap" c="dimmed">
        <IconLock size={16} />
        <Text size="sm">Read-only</Text>
      </Group>
    );
  }
  switch (state.status) {
    case 'idle':
      return (
        <Text size="sm" c="dimmed" role="status">
          {state.version === null ? 'Not examined yet' : 'Saved'}
        </Text>
      );
    case 'pending':
    case 'saving':
      return (
        <Group gap={6} wrap="nowrap" role="status">
          {state.status === 'saving' ? <Loader size={14} /> : <IconCloudUp size={16} />}
          <Text size="sm" c="dimmed">
            Saving…
          </Text>
        </Group>
      );
    case 'saved':
      return (
        <Group gap={6} wrap="nowrap" c="teal" role="status">
          <IconCheck size={16} />
          <Text size="sm">Saved</Text>
        </Group>
      );
    case 'conflict':
      return (
        <Group gap={6} wrap="nowrap" c="orange" role="status">
          <IconAlertTriangle size={16} />
          <Text size="sm">Changed elsewhere</Text>
        </Group>
      );
    case 'error':
      return (
        <Group gap={6} wrap="nowrap" role="alert">
          <Tooltip label={state.error ?? 'The save failed.'} multiline w={280}>
            <Group gap={4} wrap="nowrap" c="red">
              <IconAlertTriangle size={16} />
              <Text size="sm">Not saved</Text>
            </Group>
          </Tooltip>
          <Button size="compact-xs" color="red" variant="light" onClick={onRetry}>
            Retry
          </Button>
        </Group>
      );
  }
}
