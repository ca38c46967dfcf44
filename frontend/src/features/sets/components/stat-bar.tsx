import { Group, Progress, Stack, Text } from '@mantine/core';
import { percent } from '../../../lib/format.ts';

interface StatBarProps {
  label: string;
  done: number;
  total: number;
  color?: string;
}

/** A compact labelled bar: "Annotated 12 / 40" over a thin progress line. */
export function StatBar({ label, done, total, color }: StatBarProps) {
  const value = percent(done, total);
  return (
    <Stack gap={4} style={{ minWidth: 0 }}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed" fw={500} tt="uppercase" lineClamp={1}>
          {label}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          <b>{done}</b>
          <Text span c="dimmed" size="xs">
            {' '}
            / {total} · {value}%
          </Text>
        </Text>
      </Group>
      <Progress
        value={value}
        size="sm"
        radius="sm"
        color={color ?? (total > 0 && done >= total ? 'teal' : 'clinical')}
        aria-label={`${label}: ${value}%`}
      />
    </Stack>
  );
}
