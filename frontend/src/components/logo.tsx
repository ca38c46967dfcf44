import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconScan } from '@tabler/icons-react';

/** The product's mark and name. */
export function Logo({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const large = size === 'lg';
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size={large ? 40 : 30} radius="md" variant="filled">
        <IconScan size={large ? 24 : 18} />
      </ThemeIcon>
      <Text fw={700} fz={large ? 26 : 18} style={{ letterSpacing: '-0.01em' }}>
        TagMedX
      </Text>
    </Group>
  );
}
