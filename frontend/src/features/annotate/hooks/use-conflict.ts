import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../../lib/errors.ts';
import { annotateKeys, fetchMyExamination } from '../api.ts';
import type { ExaminationSession } from '../examination-session.ts';

interface ConflictInput {
  sampleId: number;
  current: () => ExaminationSession | null;
  /** Drops my unsaved reading (and its kept draft) without saving it. */
  discard: () => void;
  /** Opens the sample again, from the server's reading. */
  reopen: () => void;
}

/** The two ways out of a 409 stale_version: the server's reading, or mine on top of it. */
export function useConflict({ sampleId, current, discard, reopen }: ConflictInput) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function attempt(work: () => Promise<void>): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  const reloadLatest = () =>
    attempt(async () => {
      const latest = await fetchMyExamination(sampleId);
      discard();
      queryClient.setQueryData(annotateKeys.examination(sampleId), latest);
      reopen();
    });

  const keepMine = () =>
    attempt(async () => {
      const latest = await fetchMyExamination(sampleId);
      await current()?.overwrite(latest?.version ?? null);
    });

  return { busy, error, reloadLatest, keepMine };
}
