import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  Progress,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconPlayerStop, IconRefresh, IconX } from '@tabler/icons-react';
import { formatBytes } from '../../../lib/format-bytes.ts';
import type { UploadItem, UploadStatus } from '../upload-store.ts';
import { UploadStatusIcon } from './upload-status-icon.tsx';

const STATUS: Record<UploadStatus, { label: string; color: string }> = {
  queued: { label: 'Waiting', color: 'gray' },
  uploading: { label: 'Uploading', color: 'blue' },
  processing: { label: 'Checking', color: 'blue' },
  added: { label: 'Added', color: 'teal' },
  rejected: { label: 'Not added', color: 'red' },
  failed: { label: 'Failed', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'gray' },
};

interface UploadProgressProps {
  items: UploadItem[];
  running: boolean;
  onCancel: () => void;
  onRetry: () => void;
  onClear: () => void;
}

/** The overall progress of the uploads and each file's own bar and outcome. */
export function UploadProgress({
  items,
  running,
  onCancel,
  onRetry,
  onClear,
}: UploadProgressProps) {
  const counted = items.filter((item) => item.status !== 'cancelled');
  const totalBytes = counted.reduce((sum, item) => sum + item.size, 0);
  const sentBytes = counted.reduce((sum, item) => sum + item.size * item.progress, 0);
  const finished = items.filter(
    (item) => !['queued', 'uploading', 'processing'].includes(item.status),
  ).length;
  const overall = totalBytes > 0 ? Math.round((sentBytes / totalBytes) * 100) : running ? 0 : 100;
  const retryable = items.some((item) => item.status === 'failed' || item.status === 'cancelled');

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Stack gap={0}>
            <Text fw={600} size="sm">
              {running ? 'Uploading…' : 'Upload finished'}
            </Text>
            <Text size="xs" c="dimmed">
              {finished} of {items.length} files done · {formatBytes(sentBytes)} of{' '}
              {formatBytes(totalBytes)} sent
            </Text>
          </Stack>
          <Group gap="xs">
            {running && (
              <Button
                size="xs"
                color="red"
                variant="light"
                leftSection={<IconPlayerStop size={14} />}
                onClick={onCancel}
              >
                Cancel
              </Button>
            )}
            {!running && retryable && (
              <Button
                size="xs"
                variant="light"
                leftSection={<IconRefresh size={14} />}
                onClick={onRetry}
              >
                Retry failed
              </Button>
            )}
            {!running && (
              <Tooltip label="Clear the list">
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  onClick={onClear}
                  aria-label="Clear the list"
                >
                  <IconX size={16} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        </Group>
        <Progress
          value={overall}
          size="lg"
          radius="sm"
          animated={running}
          striped={running}
          aria-label={`All files: ${overall}%`}
        />
        <ScrollArea.Autosize mah={240} type="auto" offsetScrollbars>
          <Stack gap={6}>
            {items.map((item) => {
              const percent = Math.round(item.progress * 100);
              const look = STATUS[item.status];
              const showBar = item.status === 'uploading' || item.status === 'processing';
              return (
                <Group key={item.key} gap="sm" wrap="nowrap" data-testid="upload-item">
                  <UploadStatusIcon status={item.status} />
                  <Text
                    size="sm"
                    style={{ flex: 1, minWidth: 0 }}
                    truncate="start"
                    ta="left"
                    title={item.name}
                  >
                    {item.name}
                  </Text>
                  <Text size="xs" c="dimmed" w={70} ta="right">
                    {formatBytes(item.size)}
                  </Text>
                  <div style={{ width: 260, flexShrink: 0 }}>
                    {showBar || item.status === 'queued' ? (
                      <Progress
                        value={percent}
                        size="sm"
                        radius="sm"
                        color={item.status === 'processing' ? 'teal' : 'blue'}
                        aria-label={`${item.name}: ${percent}%`}
                      />
                    ) : (
                      <Group gap={6} wrap="nowrap">
                        <Badge
                          size="xs"
                          variant="light"
                          color={look.color}
                          style={{ flexShrink: 0 }}
                        >
                          {look.label}
                        </Badge>
                        {item.detail && (
                          <Text size="xs" c="dimmed" truncate title={item.detail}>
                            {item.detail}
                          </Text>
                        )}
                      </Group>
                    )}
                  </div>
                </Group>
              );
            })}
          </Stack>
        </ScrollArea.Autosize>
      </Stack>
    </Paper>
  );
}
