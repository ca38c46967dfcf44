import { Group, Progress, Text } from '@mantine/core';
import type { ReactNode } from 'react';

interface StatRowProps {
  name: ReactNode;
  /** A readable name for screen readers when `name` is not plain text. */
  ariaName: string;
  value: number;
  max: number;
  color?: string;
}

/** One line of a breakdown: name, a bar relative to `max`, the number. */
export function StatRow({ name, ariaName, value, max, color }: StatRowProps) {
  const width = max > 0 ? Math.round((value / max) * 100) : 0;
  return (
    <Group gap="sm" wrap="nowrap">
      <Text size="sm" w={180} lineClamp={1} component="div">
        {name}
      </Text>
      <Progress
        value={width}
        size="md"
        radius="sm"
        color={color}
        style={{ flex: 1 }}
        aria-label={`${ariaName}: ${value}`}
      />
      <Text size="sm" w={40} ta="right">
        {value}
      </Text>
    </Group>
  );
}
