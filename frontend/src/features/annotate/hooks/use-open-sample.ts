import { useEffect, useRef, useState } from 'react';
import type { Examination, Sample } from '../../../api/types.ts';
import type { Editor, Label as EditorLabel } from '../../../editor-core/index.ts';
import type { ExaminationSession } from '../examination-session.ts';
import { filePresets } from '../file-presets.ts';
import type { SampleMedia } from '../media.ts';
import { readingFromExamination, type Reading } from '../reading.ts';

interface OpenSampleInput {
  editor: Editor | null;
  sampleId: number;
  /** Another reader whose reading is shown (read-only), or null for mine. */
  readerId: number | null;
  /** Everything the editor needs is known (sample, media, readings, labels, roles). */
  ready: boolean;
  sample: Sample | undefined;
  media: SampleMedia | undefined;
  mine: Examination | null | undefined;
  readers: Examination[] | undefined;
  labels: EditorLabel[];
  /** I may change my reading here: then a draft kept in the browser comes back. */
  mayEdit: boolean;
  startSession: (
    sampleId: number,
    examination: Examination | null,
    restore: boolean,
  ) => ExaminationSession;
  stopSession: () => void;
}

/**
 * Opens the sample (or another reader's reading of it) in the editor, once per sample and reader:
 * my reading starts an autosaved session (with my kept draft, if any), another's only shows.
 * `reopen` loads it again (after the user chose the server's version in a conflict).
 */
export function useOpenSample(input: OpenSampleInput) {
  const { editor, sampleId, readerId, ready, sample, media, mine, readers, labels, mayEdit } =
    input;
  const { startSession, stopSession } = input;
  const [loaded, setLoaded] = useState<{ key: string; reading: Reading } | null>(null);
  const loadedKey = useRef<string | null>(null);
  const key = `${sampleId}:${readerId ?? 'me'}`;
  const viewingOther = readerId !== null;

  useEffect(() => {
    if (!ready || !editor || !sample || !media || mine === undefined) return;
    if (loadedKey.current === key) return;
    loadedKey.current = key;
    let opened: Reading;
    if (viewingOther) {
      stopSession();
      opened = readingFromExamination(readers?.find((item) => item.user_id === readerId));
    } else {
      opened = startSession(sampleId, mine, mayEdit).state.reading;
    }
    editor.resize(); // the canvas may have changed size (a notice above it): fit to the real size
    void editor
      .load({
        imageBitmap: media.image ?? undefined,
        pixels: media.pixels,
        width: sample.width,
        height: sample.height,
        modality: sample.dicom?.modality ?? null,
        filePresets: filePresets(sample.dicom?.window_presets),
        boxes: opened.boxes,
        labels,
      })
      .then(() => {
        if (loadedKey.current === key) setLoaded({ key, reading: opened });
      });
  }, [
    ready,
    key,
    editor,
    sample,
    media,
    mine,
    readers,
    readerId,
    viewingOther,
    sampleId,
    startSession,
    stopSession,
    labels,
    mayEdit,
  ]);

  const reopen = () => {
    loadedKey.current = null;
    setLoaded(null);
  };
  const isLoaded = loaded?.key === key;
  return { isLoaded, loadedReading: isLoaded ? loaded.reading : null, reopen };
}
