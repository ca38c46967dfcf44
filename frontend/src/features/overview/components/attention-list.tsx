import { Anchor, Group, List, Text, ThemeIcon } from '@mantine/core';
import { Link } from 'react-router';
import type { AttentionItem } from '../attention.tsx';

/** The set's attention items as a list of links. */
export function AttentionList({ items }: { items: AttentionItem[] }) {
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nothing needs you here.
      </Text>
    );
  }
  return (
    <List spacing={4} size="sm" center>
      {items.map((item) => (
        <List.Item
          key={item.key}
          icon={
            <ThemeIcon size={20} radius="xl" variant="light" color={item.color}>
              {item.icon}
            </ThemeIcon>
          }
        >
          <Group gap={4} wrap="nowrap">
            <Anchor component={Link} to={item.to} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {item.text}
            </Anchor>
          </Group>
        </List.Item>
      ))}
    </List>
  );
}
