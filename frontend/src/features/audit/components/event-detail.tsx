import { ColorSwatch, Group, Text } from '@mantine/core';
import type { DetailEntry } from '../describe.ts';

interface EventDetailProps {
  entries: DetailEntry[];
}

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

function Value({ entry }: { entry: DetailEntry }) {
  if (entry.value === undefined) {
    return (
      <>
        <Text span size="xs" c="dimmed" td="line-through">
          {entry.before}
        </Text>
        {' → '}
        <Text span size="xs" fw={500}>
          {entry.after}
        </Text>
      </>
    );
  }
  if (entry.key === 'color' && HEX_COLOR.test(entry.value)) {
    return (
      <>
        <ColorSwatch color={entry.value} size={10} component="span" display="inline-block" mr={4} />
        {entry.value}
      </>
    );
  }
  return <>{entry.value}</>;
}

/** An event's details, compact: `key: value` (or `key: before → after`) side by side, wrapping. */
export function EventDetail({ entries }: EventDetailProps) {
  if (entries.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Group gap={4} wrap="wrap" style={{ columnGap: 14 }}>
      {entries.map((entry, index) => (
        <Text key={`${entry.key}-${index}`} size="xs" style={{ overflowWrap: 'anywhere' }}>
          <Text span size="xs" c="dimmed">
            {entry.key}:
          </Text>{' '}
          <Value entry={entry} />
        </Text>
      ))}
    </Group>
  );
}
