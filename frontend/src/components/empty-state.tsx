import { Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import type { ReactNode } from 'react';

interface EmptyStateProps {
  title: string;
  /** What to do next. */
  children?: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
}

/** An empty list that says what to do next. */
export function EmptyState({ title, children, icon, action }: EmptyStateProps) {
  return (
    <Stack align="center" gap="xs" py="xl" px="md" ta="center">
      <ThemeIcon size={48} radius="xl" variant="light">
        {icon ?? <IconInbox size={26} />}
      </ThemeIcon>
      <Title order={4}>{title}</Title>
      {children && (
        <Text c="dimmed" size="sm" maw={460}>
          {children}
        </Text>
      )}
      {action}
    </Stack>
  );
}
