import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Examination } from '../../../api/types.ts';
import { annotateKeys } from '../api.ts';

/**
 * Whose reading of the sample is shown: mine (null) or another reader's (admins only, read-only).
 * The choice holds for one sample; switching saves mine first and stays put if that fails.
 */
export function useReaderSwitch(
  sampleId: number,
  flush: () => Promise<boolean>,
  readers: Examination[] | undefined,
) {
  const queryClient = useQueryClient();
  const [reader, setReader] = useState<{ sampleId: number; userId: number } | null>(null);
  const readerId = reader && reader.sampleId === sampleId ? reader.userId : null;
  const otherReader =
    readerId === null
      ? undefined
      : readers?.find((examination) => examination.user_id === readerId);

  async function switchReader(userId: number | null): Promise<void> {
    if (userId === readerId) return;
    if (!(await flush())) return;
    if (userId === null)
      await queryClient.invalidateQueries({ queryKey: annotateKeys.examination(sampleId) });
    setReader(userId === null ? null : { sampleId, userId });
  }

  return { readerId, otherReader, switchReader };
}
