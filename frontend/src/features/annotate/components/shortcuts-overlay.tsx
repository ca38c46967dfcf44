import { Group, Kbd, Modal, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { Label } from '../../../api/types.ts';
import { WINDOW_PRESET_KEYS, type WindowPreset } from '../../../editor-core/index.ts';
import { shortcutConflict } from '../../../lib/key-table.ts';
import { EDITOR_SHORTCUTS, PAGE_SHORTCUTS, type ShortcutGroup } from '../shortcuts.ts';

interface ShortcutsOverlayProps {
  opened: boolean;
  onClose: () => void;
  labels: readonly Label[];
  detection: boolean;
  /** The open image's window presets, in the order of their keys. */
  presets: readonly WindowPreset[];
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

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Shift+1 .. Shift+9 with the presets they set on this image. */
function presetGroup(presets: readonly WindowPreset[]): ShortcutGroup {
  return {
    title: 'Window presets of this image',
    items: WINDOW_PRESET_KEYS.flatMap((binding) => {
      const preset = presets[binding.index];
      return preset
        ? [
            {
              keys: [binding.keys],
              action: `${preset.name} (W ${round(preset.width)} / L ${round(preset.center)})`,
            },
          ]
        : [];
    }),
  };
}

/**
 * The `?` overlay: every key of the page and of the editor, this set's label shortcuts and this
 * image's window presets.
 */
export function ShortcutsOverlay({
  opened,
  onClose,
  labels,
  detection,
  presets,
}: ShortcutsOverlayProps) {
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
    ? 'A label key picks the label of the next box. It relabels a box only when you selected that box (click, Tab or the box list): a box you just drew is not selected.'
    : 'A label key toggles that label for this image.';
  const windows = presetGroup(presets);
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
        <Stack gap="md">
          {EDITOR_SHORTCUTS.slice(0, 2).map((group) => (
            <Section key={group.title} group={group} />
          ))}
        </Stack>
        <Stack gap="md">
          {EDITOR_SHORTCUTS.slice(2).map((group) => (
            <Section key={group.title} group={group} />
          ))}
          {windows.items.length > 0 ? (
            <Section group={windows} />
          ) : (
            <Text size="xs" c="dimmed">
              Shift+1 … Shift+9 set the window presets of DICOM images; this image has none
              (brightness and contrast are in the panel).
            </Text>
          )}
        </Stack>
      </SimpleGrid>
    </Modal>
  );
}
