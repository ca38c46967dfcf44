import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled block of the side panel. */
export function PanelSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack
      gap={6}
      px="sm"
      py={8}
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
    >
      <Text size="xs" fw={700} tt="uppercase" c="dimmed" style={{ letterSpacing: 0.4 }}>
        {title}
      </Text>
      {children}
    </Stack>
  );
}
