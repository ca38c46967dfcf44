import { Group, Paper, RingProgress, Stack, Text } from '@mantine/core';
import { percent } from '../../../lib/format.ts';

interface StatCardProps {
  label: string;
  done: number;
  total: number;
  /** e.g. "samples annotated" */
  unit: string;
}

/** One headline number: done of total, with a ring. */
export function StatCard({ label, done, total, unit }: StatCardProps) {
  const value = percent(done, total);
  return (
    <Paper withBorder p="md">
      <Group wrap="nowrap" gap="md">
        <RingProgress
          size={72}
          thickness={8}
          roundCaps
          sections={[{ value, color: value === 100 ? 'teal' : 'clinical' }]}
          label={
            <Text ta="center" size="xs" fw={700}>
              {value}%
            </Text>
          }
        />
        <Stack gap={0}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {label}
          </Text>
          <Text fw={700} fz="xl">
            {done}{' '}
            <Text span c="dimmed" fz="sm" fw={500}>
              of {total}
            </Text>
          </Text>
          <Text size="xs" c="dimmed">
            {unit}
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}
