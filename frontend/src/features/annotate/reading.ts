import type { components } from '../../api/schema';
import type { Examination } from '../../api/types.ts';
import type { Box as EditorBox } from '../../editor-core/index.ts';

export type ExaminationBody = components['schemas']['ExaminationIn'];

/** One reader's reading of a sample as the page edits it (boxes in the editor's model). */
export interface Reading {
  tentative: boolean;
  badQuality: boolean;
  comment: string;
  labelIds: number[];
  boxes: EditorBox[];
}

export const EMPTY_READING: Reading = {
  tentative: false,
  badQuality: false,
  comment: '',
  labelIds: [],
  boxes: [],
};

/** The editor id of a saved box: its server id, so selection and undo stay stable across reloads. */
export function editorBoxId(serverId: number): string {
  return `box-${serverId}`;
}

/** The page's reading of an examination (or an empty one when there is none yet). */
export function readingFromExamination(examination: Examination | null | undefined): Reading {
  if (!examination) return { ...EMPTY_READING, labelIds: [], boxes: [] };
  return {
    tentative: examination.tentative,
    badQuality: examination.bad_quality,
    comment: examination.comment ?? '',
    labelIds: [...examination.label_ids],
    boxes: examination.boxes.map((box) => ({
      id: editorBoxId(box.id),
      labelId: box.label_id,
      x: box.x,
      y: box.y,
      width: box.width,
      height: box.height,
      comment: box.comment ?? '',
    })),
  };
}

/**
 * The labels of a classification reading after the reader picks `labelId`: a chosen label is
 * unchosen; otherwise it joins the others when the set is multi-label, or replaces them when it is
 * not (Normal and Abnormal are never chosen together).
 */
export function pickClass(labelIds: number[], labelId: number, multiLabel: boolean): number[] {
  if (labelIds.includes(labelId)) return labelIds.filter((id) => id !== labelId);
  return multiLabel ? [...labelIds, labelId] : [labelId];
}

/** The PUT body of a reading; `detection` decides whether boxes or label ids are sent. */
export function examinationBody(
  reading: Reading,
  detection: boolean,
  version: number | null,
): ExaminationBody {
  return {
    tentative: reading.tentative,
    bad_quality: reading.badQuality,
    comment: reading.comment,
    label_ids: detection ? [] : reading.labelIds,
    boxes: detection
      ? reading.boxes.map((box) => ({
          label_id: box.labelId,
          x: box.x,
          y: box.y,
          width: box.width,
          height: box.height,
          comment: box.comment,
        }))
      : [],
    version,
  };
}

/** True when two readings would be saved as the same examination. */
export function sameReading(a: Reading, b: Reading, detection: boolean): boolean {
  return (
    JSON.stringify(examinationBody(a, detection, null)) ===
    JSON.stringify(examinationBody(b, detection, null))
  );
}
