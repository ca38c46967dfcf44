import { ColorSwatch, Group, NavLink, ScrollArea, Text } from '@mantine/core';
import { IconMessage } from '@tabler/icons-react';
import type { Label } from '../../../api/types.ts';
import type { Box } from '../../../editor-core/index.ts';

interface BoxListProps {
  boxes: readonly Box[];
  labels: readonly Label[];
  selectedId: string | null;
  onSelect: (boxId: string) => void;
}

/** The boxes of the image; a click selects one (and the editor brings it into view with Tab order). */
export function BoxList({ boxes, labels, selectedId, onSelect }: BoxListProps) {
  if (boxes.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No boxes yet. Drag on the image with the draw tool (R) to add one.
      </Text>
    );
  }
  const byId = new Map(labels.map((label) => [label.id, label]));
  return (
    <ScrollArea.Autosize mah={220} type="auto" offsetScrollbars>
      {boxes.map((box, index) => {
        const label = byId.get(box.labelId);
        return (
          <NavLink
            key={box.id}
            active={box.id === selectedId}
            onClick={() => onSelect(box.id)}
            py={3}
            leftSection={<ColorSwatch color={label?.color ?? '#888'} size={12} />}
            label={
              <Group gap={6} wrap="nowrap" justify="space-between">
                <Text size="sm" truncate>
                  {index + 1}. {label?.name ?? 'Unknown label'}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {Math.round(box.width)}×{Math.round(box.height)}
                </Text>
              </Group>
            }
            rightSection={box.comment ? <IconMessage size={14} aria-label="Has a comment" /> : null}
            styles={{ root: { borderRadius: 6 } }}
          />
        );
      })}
    </ScrollArea.Autosize>
  );
}
