import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Examination } from '../../../api/types.ts';
import { putExamination, useRecordSaved } from '../api.ts';
import { loadDraft, removeDraft, saveDraft } from '../draft-store.ts';
import { ExaminationSession, type DraftKeeper, type SessionState } from '../examination-session.ts';
import { readingFromExamination, sameReading, type Reading } from '../reading.ts';
import { useBeforeUnload } from './use-before-unload.ts';

interface Options {
  packageId: number;
  detection: boolean;
  /** Whose drafts these are (null until known: then nothing is kept in the browser). */
  userId: number | null;
}

/** The message of a reading left unsaved when its sample closed; it goes once the reading is back. */
const NOT_SAVED_NOTICE = 'reading-not-saved';

function draftKeeper(
  userId: number,
  sampleId: number,
  packageId: number,
  detection: boolean,
): DraftKeeper {
  return {
    keep: (reading, version) =>
      saveDraft({ userId, sampleId, packageId, detection, version, reading }),
    clear: () => removeDraft(userId, sampleId),
  };
}

/**
 * My reading of the open sample, autosaved. `start` opens a sample (the previous one's pending save
 * is sent first, never dropped); `state` is what the panels show. Every change is also kept in the
 * browser until the server has it: a sample opened again with such a draft (the session had ended,
 * the tab was closed) gets it back, and it is saved on top of the version it was made on, so a
 * newer reading on the server goes through the conflict dialog instead of being overwritten.
 */
export function useExaminationSession({ packageId, detection, userId }: Options) {
  const sessionRef = useRef<ExaminationSession | null>(null);
  const [state, setState] = useState<SessionState | null>(null);
  const recordSaved = useRecordSaved(packageId);

  const close = useCallback(() => {
    const previous = sessionRef.current;
    sessionRef.current = null;
    if (!previous) return;
    previous.dispose();
    if (previous.hasUnsavedChanges) {
      void previous.flush().then((saved) => {
        if (!saved) {
          notifications.show({
            id: NOT_SAVED_NOTICE,
            color: 'red',
            position: 'bottom-center',
            title: 'A reading is not saved yet',
            message: `${previous.state.error ?? 'The save failed.'} Your changes are kept in this browser and saved when you open the editor again, signed in.`,
            autoClose: false,
          });
        }
      });
    }
  }, []);

  /** Opens a sample; with `restore`, my draft of it kept in the browser comes back and is saved. */
  const start = useCallback(
    (sampleId: number, examination: Examination | null, restore: boolean) => {
      close();
      const server = readingFromExamination(examination);
      const draft = userId !== null && restore ? loadDraft(userId, sampleId) : null;
      const restored = draft && !sameReading(draft.reading, server, detection) ? draft : null;
      if (draft && !restored) removeDraft(draft.userId, sampleId); // the server has it already
      const session = new ExaminationSession({
        sampleId,
        reading: restored ? restored.reading : server,
        version: restored ? restored.version : (examination?.version ?? null),
        detection,
        send: putExamination,
        onSaved: recordSaved,
        onState: (next) => {
          if (sessionRef.current === session) setState(next);
        },
        drafts: userId === null ? undefined : draftKeeper(userId, sampleId, packageId, detection),
      });
      sessionRef.current = session;
      setState(session.state);
      if (restored) {
        session.markForSave();
        void session.flush();
        notifications.hide(NOT_SAVED_NOTICE); // the reading is back on screen, its state beside it
        notifications.show({
          color: 'blue',
          position: 'bottom-center',
          title: 'Your unsaved changes are back',
          message:
            'This browser kept your last changes to this image, which had not reached the server. They are being saved now.',
        });
      }
      return session;
    },
    [close, detection, recordSaved, userId, packageId],
  );

  /** Drops the open reading WITHOUT saving it (the user chose the server's version). */
  const discard = useCallback(() => {
    sessionRef.current?.forget();
    sessionRef.current = null;
    setState(null);
  }, []);

  const stop = useCallback(() => {
    close();
    setState(null);
  }, [close]);

  const update = useCallback((patch: Partial<Reading>) => sessionRef.current?.update(patch), []);

  /** Saves what is pending; true when the server has everything (or nothing is open). */
  const flush = useCallback(async () => {
    const session = sessionRef.current;
    return session ? session.flush() : true;
  }, []);

  const current = useCallback(() => sessionRef.current, []);
  const hasUnsaved = useCallback(() => sessionRef.current?.hasUnsavedChanges ?? false, []);
  useBeforeUnload(hasUnsaved);

  useEffect(() => close, [close]);

  return { state, start, stop, discard, update, flush, current };
}
