import { ColorSwatch, Kbd, Text } from '@mantine/core';
import type { Label } from '../../../api/types.ts';
import { keyRange } from '../shortcuts.ts';

interface KeyHintProps {
  labels: readonly Label[];
  detection: boolean;
  /** The label new boxes get. */
  nextLabelId: number | null;
  /** The label of the box the reader selected, or null when none is. */
  selectedLabelId: number | null;
}

function Named({ label }: { label: Label | undefined }) {
  if (!label) return null;
  return (
    <Text span size="xs" fw={600} title={label.name} style={{ whiteSpace: 'nowrap' }}>
      <ColorSwatch
        component="span"
        color={label.color}
        size={10}
        style={{ display: 'inline-block', verticalAlign: 'middle', marginRight: 4 }}
      />
      {label.name}
    </Text>
  );
}

/**
 * What a label key does right now, always on screen: it picks the label of the NEXT box, or, once
 * the reader selected a box (click, Tab, the box list), it relabels that box. A box just drawn is
 * not selected, so a key pressed after drawing never changes it behind the reader's back.
 */
export function KeyHint({ labels, detection, nextLabelId, selectedLabelId }: KeyHintProps) {
  const keys = keyRange(labels);
  if (!keys) return null;
  const byId = (id: number | null) => labels.find((label) => label.id === id);
  let what;
  if (!detection) what = 'toggle a label of this image';
  else if (selectedLabelId !== null) {
    what = (
      <>
        relabel the selected box <Named label={byId(selectedLabelId)} />
        <Text span size="xs" c="dimmed">
          {' '}
          · Esc lets it go
        </Text>
      </>
    );
  } else {
    what = (
      <>
        label of the next box: <Named label={byId(nextLabelId)} />
      </>
    );
  }
  return (
    <Text size="xs" truncate data-testid="key-hint">
      <Kbd size="xs">{keys}</Kbd> → {what}
    </Text>
  );
}
