import { Alert, Anchor, CloseButton, Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconTextRecognition } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Sample } from '../../../api/types.ts';
import type { SampleRisk } from '../sample-risk.ts';

interface BurnedInNoticeProps {
  sample: SampleRisk;
  /** The manager: gets the way to the masking tool. */
  isAdmin: boolean;
  onDismiss: () => void;
}

const SCAN: Partial<Record<Sample['text_scan_status'], string>> = {
  pending: 'The scan for text in the pixels is still running.',
  failed: 'The scan for text in the pixels failed.',
  not_scanned: 'This server does not scan the pixels for text.',
  done: 'The scan found no text, but look before you trust that.',
};

/**
 * The burned-in text warning on the sample itself: OCR found text in the pixels, or the DICOM says
 * (or its kind suggests) that patient data may be burned in. It does not block reading; the reader
 * can close it for this sample. The manager gets a link to the set's images, where it is masked.
 */
export function BurnedInNotice({ sample, isAdmin, onDismiss }: BurnedInNoticeProps) {
  const found = sample.suspected_text;
  const title = found
    ? 'Text found in the pixels: this image may show patient data'
    : 'This image may have patient data burned into its pixels';
  const scan = found ? null : SCAN[sample.text_scan_status];
  const advice = isAdmin
    ? 'Mask it before the set is exported.'
    : 'Do not copy names or numbers you see into comments; tell your manager if patient data shows.';
  const filter = new URLSearchParams({ package: String(sample.package_id) });
  if (found) filter.set('suspected_text', 'true');
  return (
    <Alert
      color={found ? 'orange' : 'yellow'}
      variant="light"
      radius={0}
      py={6}
      icon={found ? <IconTextRecognition size={18} /> : <IconAlertTriangle size={18} />}
      role="status"
      aria-label="Burned-in text warning"
      data-testid="burned-in-notice"
    >
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Text size="sm">
          <Text span fw={600} inherit>
            {title}.
          </Text>{' '}
          {scan && `${scan} `}
          {advice}{' '}
          {isAdmin && (
            <Anchor
              component={Link}
              to={`/sets/${sample.set_id}/samples?${filter.toString()}`}
              inherit
              fw={600}
            >
              Review and mask it in the set’s images
            </Anchor>
          )}
        </Text>
        <CloseButton size="sm" aria-label="Hide the warning for this image" onClick={onDismiss} />
      </Group>
    </Alert>
  );
}
