import { Stack, Text } from '@mantine/core';
import type { DetailEntry } from '../describe.ts';

interface EventDetailProps {
  entries: DetailEntry[];
}

/** An event's details, one `key: value` (or `key: before → after`) per line. */
export function EventDetail({ entries }: EventDetailProps) {
  if (entries.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      {entries.map((entry, index) => (
        <Text key={`${entry.key}-${index}`} size="xs" style={{ overflowWrap: 'anywhere' }}>
          <Text span size="xs" c="dimmed">
            {entry.key}:
          </Text>{' '}
          {entry.value !== undefined ? (
            entry.value
          ) : (
            <>
              <Text span size="xs" c="dimmed" td="line-through">
                {entry.before}
              </Text>
              {' → '}
              <Text span size="xs" fw={500}>
                {entry.after}
              </Text>
            </>
          )}
        </Text>
      ))}
    </Stack>
  );
}
