import { useState } from 'react';
import type { Editor } from '../../../editor-core/index.ts';
import type { PageKeyAction } from '../key-map.ts';
import { pickClass, type Reading } from '../reading.ts';

interface ReadingActionsInput {
  editor: Editor | null;
  detection: boolean;
  multiLabel: boolean;
  editable: boolean;
  reading: Reading | null;
  labelIds: readonly number[];
  update: (patch: Partial<Reading>) => void;
  /** The page's own actions (help, navigation, save, the panel). */
  page: {
    help: () => void;
    go: (step: number) => void;
    doneAndNext: () => void;
    save: () => void;
    togglePanel: () => void;
  };
}

/**
 * What the reader does to the reading: the label for the next box (or the selected box's, which
 * the editor relabels), a classification's labels, the flags; and every key action of the page.
 */
export function useReadingActions(input: ReadingActionsInput) {
  const { editor, detection, editable, reading, update, page } = input;
  const [activeLabelId, setActiveLabelId] = useState<number | null>(null);
  const nextLabelId =
    activeLabelId !== null && input.labelIds.includes(activeLabelId)
      ? activeLabelId
      : (input.labelIds[0] ?? null);

  function change(patch: Partial<Reading>): void {
    if (editable) update(patch);
  }

  function pickLabel(labelId: number): void {
    if (detection) {
      setActiveLabelId(labelId);
      if (editable) editor?.setLabel(labelId);
      return;
    }
    if (!editable || !reading) return;
    update({ labelIds: pickClass(reading.labelIds, labelId, input.multiLabel) });
  }

  function run(action: PageKeyAction, target: EventTarget | null): void {
    switch (action.type) {
      case 'help':
        return page.help();
      case 'next':
        return page.go(1);
      case 'previous':
        return page.go(-1);
      case 'done-next':
        return page.doneAndNext();
      case 'save':
        return page.save();
      case 'tentative':
        if (reading) change({ tentative: !reading.tentative });
        return;
      case 'bad-quality':
        if (reading) change({ badQuality: !reading.badQuality });
        return;
      case 'toggle-panel':
        return page.togglePanel();
      case 'label':
        return pickLabel(action.labelId);
      case 'blur':
        return (target as HTMLElement | null)?.blur?.();
    }
  }

  return { nextLabelId, change, pickLabel, run };
}
