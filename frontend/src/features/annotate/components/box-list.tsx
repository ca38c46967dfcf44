import { ColorSwatch, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { IconMessage } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import type { Label } from '../../../api/types.ts';
import type { Box } from '../../../editor-core/index.ts';
import classes from './box-list.module.css';

interface BoxListProps {
  boxes: readonly Box[];
  labels: readonly Label[];
  selectedId: string | null;
  onSelect: (boxId: string) => void;
}

/**
 * The boxes of the image; a click selects one. Each row shows the whole size (width×height in image
 * pixels); a long label name is cut with an ellipsis (full name on hover), never the size. Only a
 * vertical scrollbar: the rows fit the panel's width.
 */
export function BoxList({ boxes, labels, selectedId, onSelect }: BoxListProps) {
  const selectedRow = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    selectedRow.current?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);
  if (boxes.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No boxes yet. Drag on the image with the draw tool (R) to add one.
      </Text>
    );
  }
  const byId = new Map(labels.map((label) => [label.id, label]));
  return (
    <ScrollArea.Autosize mah={220} type="auto" scrollbars="y" offsetScrollbars="y">
      {boxes.map((box, index) => {
        const label = byId.get(box.labelId);
        const name = `${index + 1}. ${label?.name ?? 'Unknown label'}`;
        const size = `${Math.round(box.width)}×${Math.round(box.height)}`;
        const selected = box.id === selectedId;
        return (
          <UnstyledButton
            key={box.id}
            ref={selected ? selectedRow : undefined}
            className={classes.row}
            aria-current={selected}
            aria-label={`Box ${name}, ${size} pixels${box.comment ? ', with a comment' : ''}`}
            title={`${name} · ${size} px${box.comment ? ` · ${box.comment}` : ''}`}
            onClick={() => onSelect(box.id)}
          >
            <ColorSwatch color={label?.color ?? '#888'} size={12} />
            <Text size="sm" className={classes.name}>
              {name}
            </Text>
            <Text
              size="xs"
              c="dimmed"
              ff="monospace"
              className={classes.size}
              data-testid="box-size"
            >
              {size}
            </Text>
            {box.comment ? <IconMessage size={14} aria-hidden /> : <span />}
          </UnstyledButton>
        );
      })}
    </ScrollArea.Autosize>
  );
}
