import { useState } from 'react';
import type { Sample } from '../../../api/types.ts';
import type { ReadOnlyReason } from '../read-only-reason.ts';
import { hasBurnedInRisk } from '../sample-risk.ts';
import { BurnedInNotice } from './burned-in-notice.tsx';
import { ReadOnlyNotice } from './read-only-notice.tsx';

interface SampleNoticesProps {
  sampleId: number;
  sample: Sample | undefined;
  /** Why the reading cannot be changed, or null when it can. */
  reason: ReadOnlyReason | null;
  isAdmin: boolean;
  readyBusy: boolean;
  onReopen: () => void;
  onBackToMine: () => void;
}

/** Above the image: why it is read-only, and the burned-in text warning (closed per sample). */
export function SampleNotices({
  sampleId,
  sample,
  reason,
  isAdmin,
  ...actions
}: SampleNoticesProps) {
  const [dismissedWarning, setDismissedWarning] = useState<number | null>(null);
  const warn = sample?.id === sampleId && hasBurnedInRisk(sample) && dismissedWarning !== sampleId;
  return (
    <>
      {reason && (
        <ReadOnlyNotice
          reason={reason}
          busy={actions.readyBusy}
          onReopen={actions.onReopen}
          onBackToMine={actions.onBackToMine}
        />
      )}
      {warn && sample && (
        <BurnedInNotice
          sample={sample}
          isAdmin={isAdmin}
          onDismiss={() => setDismissedWarning(sampleId)}
        />
      )}
    </>
  );
}
