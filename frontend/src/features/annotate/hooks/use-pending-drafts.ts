import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { ApiError } from '../../../api/api-error.ts';
import { errorMessage } from '../../../lib/errors.ts';
import { queryKeys } from '../../../lib/query-keys.ts';
import { annotateKeys, putExamination } from '../api.ts';
import { listDrafts, removeDraft, type Draft } from '../draft-store.ts';
import { examinationBody } from '../reading.ts';

function where(draft: Draft): string {
  return `package #${draft.packageId}, sample ${draft.sampleId}`;
}

/** saved; dropped (nothing can take it); kept for later; or signed out (stop: keep them all). */
type Outcome = 'saved' | 'dropped' | 'kept' | 'signed-out';

async function sendDraft(draft: Draft): Promise<Outcome> {
  try {
    await putExamination(
      draft.sampleId,
      examinationBody(draft.reading, draft.detection, draft.version),
    );
    removeDraft(draft.userId, draft.sampleId);
    return 'saved';
  } catch (error) {
    if (!(error instanceof ApiError) || error.status === 0 || error.status >= 500) return 'kept';
    if (error.status === 401) return 'signed-out';
    if (error.status === 404) {
      // The sample is gone (deleted, or no longer mine to see): nothing can take the reading.
      removeDraft(draft.userId, draft.sampleId);
      notifications.show({
        color: 'red',
        position: 'bottom-center',
        title: 'A kept reading could not be saved',
        message: `${where(draft)}: ${errorMessage(error)}`,
        autoClose: false,
      });
      return 'dropped';
    }
    notifications.show({
      color: 'orange',
      position: 'bottom-center',
      title: 'A reading kept in this browser is not saved yet',
      message:
        error.code === 'stale_version'
          ? `${where(draft)} was changed elsewhere meanwhile: open it to choose which reading stays.`
          : `${where(draft)}: ${errorMessage(error)} Open it to retry.`,
      autoClose: false,
    });
    return 'kept';
  }
}

/**
 * Readings of OTHER samples that this browser kept unsaved (a save refused once the session had
 * ended, a tab closed before its save): sent once when the editor opens signed in, oldest first.
 * The open sample's own draft is the session's (use-examination-session.ts).
 */
export function usePendingDrafts(userId: number | null, openSampleId: number): void {
  const queryClient = useQueryClient();
  const openRef = useRef(openSampleId);
  useEffect(() => {
    if (userId === null) return;
    const drafts = listDrafts(userId).filter((draft) => draft.sampleId !== openRef.current);
    if (drafts.length === 0) return;
    void (async () => {
      let saved = 0;
      for (const draft of drafts) {
        const outcome = await sendDraft(draft);
        if (outcome === 'signed-out') return;
        if (outcome !== 'saved') continue;
        saved += 1;
        void queryClient.invalidateQueries({ queryKey: annotateKeys.examination(draft.sampleId) });
        void queryClient.invalidateQueries({ queryKey: queryKeys.package(draft.packageId) });
      }
      if (saved > 0) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.myPackages });
        notifications.show({
          color: 'teal',
          position: 'bottom-center',
          title: 'Kept readings saved',
          message: `${saved} reading${saved === 1 ? '' : 's'} this browser had kept unsaved ${saved === 1 ? 'is' : 'are'} saved now.`,
        });
      }
    })();
  }, [userId, queryClient]);
}
