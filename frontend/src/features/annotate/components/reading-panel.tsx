import { ScrollArea, Text } from '@mantine/core';
import type { Examination, Label } from '../../../api/types.ts';
import type { Box, Editor, WindowState } from '../../../editor-core/index.ts';
import type { Reading } from '../reading.ts';
import { BoxList } from './box-list.tsx';
import { ImageAdjustments } from './image-adjustments.tsx';
import { LabelList } from './label-list.tsx';
import { PanelSection } from './panel-section.tsx';
import { ReaderSwitcher } from './reader-switcher.tsx';
import { SampleFlags } from './sample-flags.tsx';
import { SelectedBox } from './selected-box.tsx';

const PANEL_WIDTH = 300;

interface ReadingPanelProps {
  editor: Editor | null;
  labels: readonly Label[];
  detection: boolean;
  multiLabel: boolean;
  editable: boolean;
  /** The reading shown (mine, or another reader's); null while it loads. */
  reading: Reading | null;
  /** The box the reader selected (never a box just drawn). */
  selected: Box | null;
  /** The label new boxes get. */
  nextLabelId: number | null;
  window: WindowState | null;
  /** Admins: every reader's examination, to view one. */
  readers: { examinations: Examination[]; myUserId: number; readerId: number | null } | null;
  onSwitchReader: (userId: number | null) => void;
  onPickLabel: (labelId: number) => void;
  onChange: (patch: Partial<Reading>) => void;
}

function labelHint(detection: boolean, multiLabel: boolean, selected: Box | null): string {
  if (!detection) {
    return multiLabel
      ? 'Choose every label that applies.'
      : 'One label per image: choosing another replaces it.';
  }
  return selected
    ? 'A label (click or its key) relabels the selected box. Esc lets it go.'
    : 'New boxes get the highlighted label. To relabel a box, select it first (click it, Tab or the list below).';
}

/** The side panel: reader, labels, the selected box, the image's flags, its boxes, the window. */
export function ReadingPanel(props: ReadingPanelProps) {
  const { editor, labels, detection, editable, reading, selected, readers } = props;
  const boxes = reading?.boxes ?? [];
  return (
    <ScrollArea
      w={PANEL_WIDTH}
      miw={PANEL_WIDTH}
      type="auto"
      scrollbars="y"
      style={{ borderLeft: '1px solid var(--mantine-color-default-border)' }}
      aria-label="Reading panel"
    >
      {readers && (
        <PanelSection title="Reader">
          <ReaderSwitcher
            examinations={readers.examinations}
            myUserId={readers.myUserId}
            readerId={readers.readerId}
            onChange={props.onSwitchReader}
          />
        </PanelSection>
      )}
      <PanelSection title={detection ? 'Labels' : 'Labels of this image'}>
        <LabelList
          labels={labels}
          detection={detection}
          activeLabelId={editable ? props.nextLabelId : null}
          selectedBoxLabelId={selected?.labelId ?? null}
          chosenLabelIds={reading?.labelIds ?? []}
          readOnly={!editable}
          onPick={props.onPickLabel}
        />
        {editable && (
          <Text size="xs" c="dimmed">
            {labelHint(detection, props.multiLabel, selected)}
          </Text>
        )}
      </PanelSection>
      {detection && selected && (
        <PanelSection title="Selected box">
          <SelectedBox
            box={selected}
            labels={labels}
            readOnly={!editable}
            onComment={(text) => editor?.setSelectedComment(text)}
            onDelete={() => editor?.deleteSelected()}
          />
        </PanelSection>
      )}
      <PanelSection title="This image">
        {reading ? (
          <SampleFlags reading={reading} readOnly={!editable} onChange={props.onChange} />
        ) : (
          <Text size="sm" c="dimmed">
            Loading…
          </Text>
        )}
      </PanelSection>
      {detection && (
        <PanelSection title={`Boxes (${boxes.length})`}>
          <BoxList
            boxes={boxes}
            labels={labels}
            selectedId={selected?.id ?? null}
            onSelect={(id) => editor?.select(id)}
          />
        </PanelSection>
      )}
      {editor && (
        <PanelSection title="Image">
          <ImageAdjustments editor={editor} window={props.window} />
        </PanelSection>
      )}
    </ScrollArea>
  );
}
