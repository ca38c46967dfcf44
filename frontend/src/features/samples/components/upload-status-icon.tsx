import { IconCircleCheck, IconCircleX, IconClock, IconLoader2 } from '@tabler/icons-react';
import type { UploadStatus } from '../upload-store.ts';

/** A file's upload outcome at a glance. */
export function UploadStatusIcon({ status }: { status: UploadStatus }) {
  if (status === 'added') return <IconCircleCheck size={16} color="var(--mantine-color-teal-6)" />;
  if (status === 'rejected' || status === 'failed') {
    return <IconCircleX size={16} color="var(--mantine-color-red-6)" />;
  }
  if (status === 'queued' || status === 'cancelled') {
    return <IconClock size={16} color="var(--mantine-color-gray-6)" />;
  }
  return <IconLoader2 size={16} color="var(--mantine-color-blue-6)" />;
}
