import { Group, Progress, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { percent } from '../../../lib/format.ts';

interface ProgressRowProps {
  label: ReactNode;
  done: number;
  total: number;
  /** Right-hand caption, e.g. "12 of 40 annotated". */
  caption: string;
  color?: string;
}

/** A labelled horizontal bar. */
export function ProgressRow({ label, done, total, caption, color }: ProgressRowProps) {
  const value = percent(done, total);
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={500} lineClamp={1}>
          {label}
        </Text>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {caption}
        </Text>
      </Group>
      <Progress
        value={value}
        size="lg"
        radius="sm"
        color={color ?? (value === 100 ? 'teal' : 'clinical')}
        aria-label={`${typeof label === 'string' ? label : 'progress'}: ${value}%`}
      />
    </Stack>
  );
}
