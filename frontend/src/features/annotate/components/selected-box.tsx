import { ActionIcon, Group, Text, Textarea, Tooltip } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { Label } from '../../../api/types.ts';
import type { Box } from '../../../editor-core/index.ts';

interface SelectedBoxProps {
  box: Box;
  labels: readonly Label[];
  readOnly: boolean;
  onComment: (text: string) => void;
  onDelete: () => void;
}

/** The selected box: where it is, its comment, and delete. Its label is picked in the label list. */
export function SelectedBox({ box, labels, readOnly, onComment, onDelete }: SelectedBoxProps) {
  const label = labels.find((item) => item.id === box.labelId);
  return (
    <>
      <Group justify="space-between" wrap="nowrap">
        <Text size="xs" c="dimmed" ff="monospace" style={{ flex: 1 }}>
          {label?.name ?? 'Unknown label'} · x {Math.round(box.x)} y {Math.round(box.y)} ·{' '}
          {Math.round(box.width)}×{Math.round(box.height)}
        </Text>
        {!readOnly && (
          <Tooltip label="Delete the box (Delete)">
            <ActionIcon variant="subtle" color="red" aria-label="Delete the box" onClick={onDelete}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
      <Textarea
        label="Box comment"
        placeholder={readOnly ? 'No comment' : 'What you see in this box'}
        value={box.comment}
        readOnly={readOnly}
        autosize
        minRows={1}
        maxRows={4}
        size="xs"
        onChange={(event) => onComment(event.currentTarget.value)}
      />
    </>
  );
}
