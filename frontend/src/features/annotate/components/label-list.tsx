import { Checkbox, ColorSwatch, Group, Kbd, NavLink, Stack, Text } from '@mantine/core';
import type { Label } from '../../../api/types.ts';

interface LabelListProps {
  labels: readonly Label[];
  detection: boolean;
  /** Detection: the label new boxes get. */
  activeLabelId: number | null;
  /** Detection: the selected box's label, if a box is selected. */
  selectedBoxLabelId: number | null;
  /** Classification: the labels chosen for this image. */
  chosenLabelIds: readonly number[];
  readOnly: boolean;
  onPick: (labelId: number) => void;
}

function ShortcutKey({ shortcut }: { shortcut: string | null }) {
  return shortcut ? (
    <Kbd size="xs" style={{ flexShrink: 0 }}>
      {shortcut.toUpperCase()}
    </Kbd>
  ) : null;
}

/** The set's labels with colour and shortcut: the active label for boxes, or the image's classes. */
export function LabelList({
  labels,
  detection,
  activeLabelId,
  selectedBoxLabelId,
  chosenLabelIds,
  readOnly,
  onPick,
}: LabelListProps) {
  if (labels.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        This set has no labels yet. An admin adds them on the set page.
      </Text>
    );
  }
  if (!detection) {
    return (
      <Stack gap={6} role="group" aria-label="Labels of this image">
        {labels.map((label) => (
          <Group key={label.id} justify="space-between" wrap="nowrap" gap="xs">
            <Checkbox
              checked={chosenLabelIds.includes(label.id)}
              disabled={readOnly}
              onChange={() => onPick(label.id)}
              color={label.color}
              label={
                <Group gap={6} wrap="nowrap">
                  <ColorSwatch color={label.color} size={12} style={{ flexShrink: 0 }} />
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {label.name}
                  </Text>
                </Group>
              }
            />
            <ShortcutKey shortcut={label.shortcut} />
          </Group>
        ))}
      </Stack>
    );
  }
  const target = selectedBoxLabelId !== null ? selectedBoxLabelId : activeLabelId;
  return (
    <Stack gap={2} role="listbox" aria-label="Labels">
      {labels.map((label) => (
        <NavLink
          key={label.id}
          role="option"
          aria-selected={label.id === target}
          active={label.id === target}
          disabled={readOnly && label.id !== target}
          onClick={() => onPick(label.id)}
          label={label.name}
          title={label.description ? `${label.name}: ${label.description}` : label.name}
          description={label.description || undefined}
          leftSection={<ColorSwatch color={label.color} size={14} />}
          rightSection={<ShortcutKey shortcut={label.shortcut} />}
          py={4}
          styles={{ root: { borderRadius: 6 } }}
        />
      ))}
    </Stack>
  );
}
