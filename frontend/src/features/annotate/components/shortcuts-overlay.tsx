import { Group, Kbd, Modal, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { Label } from '../../../api/types.ts';
import {
  EDITOR_SHORTCUTS,
  PAGE_SHORTCUTS,
  shortcutConflict,
  type ShortcutGroup,
} from '../shortcuts.ts';

interface ShortcutsOverlayProps {
  opened: boolean;
  onClose: () => void;
  labels: readonly Label[];
  detection: boolean;
}

function Keys({ keys }: { keys: string[] }) {
  return (
    <Group gap={4} wrap="nowrap">
      {keys.map((key, index) => (
        <Group key={key} gap={4} wrap="nowrap">
          {index > 0 && (
            <Text size="xs" c="dimmed">
              or
            </Text>
          )}
          <Kbd size="xs">{key}</Kbd>
        </Group>
      ))}
    </Group>
  );
}

function Section({ group }: { group: ShortcutGroup }) {
  return (
    <Stack gap={4}>
      <Title order={6}>{group.title}</Title>
      <Table withRowBorders={false} verticalSpacing={3} horizontalSpacing="xs">
        <Table.Tbody>
          {group.items.map((item) => (
            <Table.Tr key={item.action}>
              <Table.Td w={130}>
                <Keys keys={item.keys} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{item.action}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** The `?` overlay: every key of the page and of the editor, and this set's label shortcuts. */
export function ShortcutsOverlay({ opened, onClose, labels, detection }: ShortcutsOverlayProps) {
  const labelGroup: ShortcutGroup = {
    title: 'Labels of this set',
    items: labels
      .filter((label) => label.shortcut)
      .map((label) => {
        const owner = shortcutConflict(label.shortcut ?? '');
        return {
          keys: [label.shortcut!.toUpperCase()],
          action: `${label.name}${owner ? ` (the key is taken by ${owner}; pick the label in the panel)` : ''}`,
        };
      }),
  };
  const labelHint = detection
    ? 'A label key sets the label for new boxes, and changes the selected box to it.'
    : 'A label key toggles that label for this image.';
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size={1180}>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
        <Stack gap="md">
          <Section group={PAGE_SHORTCUTS} />
          <Stack gap={4}>
            {labelGroup.items.length > 0 ? (
              <Section group={labelGroup} />
            ) : (
              <Text size="sm" c="dimmed">
                No label of this set has a shortcut key.
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {labelHint}
            </Text>
          </Stack>
        </Stack>
        {[EDITOR_SHORTCUTS.slice(0, 2), EDITOR_SHORTCUTS.slice(2)].map((column, position) => (
          <Stack gap="md" key={position}>
            {column.map((group) => (
              <Section key={group.title} group={group} />
            ))}
          </Stack>
        ))}
      </SimpleGrid>
    </Modal>
  );
}
