import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Examination } from '../../../api/types.ts';
import { putExamination, useRecordSaved } from '../api.ts';
import { ExaminationSession, type SessionState } from '../examination-session.ts';
import { readingFromExamination, type Reading } from '../reading.ts';
import { useBeforeUnload } from './use-before-unload.ts';

interface Options {
  packageId: number;
  detection: boolean;
}

/**
 * My reading of the open sample, autosaved. `start` opens a sample (the previous one's pending save
 * is sent first, never dropped); `state` is what the panels show.
 */
export function useExaminationSession({ packageId, detection }: Options) {
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
            color: 'red',
            title: 'A reading was not saved',
            message: `${previous.state.error ?? 'The save failed.'} Open that sample again to retry.`,
            autoClose: false,
          });
        }
      });
    }
  }, []);

  const start = useCallback(
    (sampleId: number, examination: Examination | null) => {
      close();
      const session = new ExaminationSession({
        sampleId,
        reading: readingFromExamination(examination),
        version: examination?.version ?? null,
        detection,
        send: putExamination,
        onSaved: recordSaved,
        onState: (next) => {
          if (sessionRef.current === session) setState(next);
        },
      });
      sessionRef.current = session;
      setState(session.state);
      return session;
    },
    [close, detection, recordSaved],
  );

  /** Drops the open reading WITHOUT saving it (the user chose the server's version). */
  const discard = useCallback(() => {
    sessionRef.current?.dispose();
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
