import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { apiUrl } from '../../../api/client.ts';
import type { Sample } from '../../../api/types.ts';
import { QueryError } from '../../../components/query-error.tsx';
import type { Rect } from '../../../editor-core/index.ts';
import { errorMessage } from '../../../lib/errors.ts';
import { toMaskRegions, withRegions } from '../mask-drawing.ts';
import { revisedPath } from '../../../lib/revised-path.ts';
import { useMaskSample, useScanAgain, useTextRegions } from '../redaction-api.ts';
import { scanStatusText } from '../scan-status.ts';
import { MaskCanvas } from './mask-canvas.tsx';

interface RedactionModalProps {
  /** The sample to review, or null when the dialog is closed. */
  sample: Sample | null;
  onClose: () => void;
}

/** An admin reviews the text OCR found in a sample's pixels and masks rectangles of it. */
export function RedactionModal({ sample, onClose }: RedactionModalProps) {
  return (
    <Modal opened={sample !== null} onClose={onClose} size="xl" title="Burned-in text">
      {sample && <RedactionPanel key={sample.id} sample={sample} />}
    </Modal>
  );
}

function RedactionPanel({ sample }: { sample: Sample }) {
  const regions = useTextRegions(sample.id, true);
  const mask = useMaskSample(sample.set_id, sample.id);
  const scanAgain = useScanAgain(sample.set_id, sample.id);
  const [masks, setMasks] = useState<Rect[]>([]);
  const [revision, setRevision] = useState(sample.pixel_revision);
  const size = { width: sample.width, height: sample.height };
  const found = regions.data?.regions ?? [];
  const toSend = toMaskRegions(masks, size);

  const apply = () =>
    modals.openConfirmModal({
      title: 'Mask the image for good?',
      children: (
        <Text size="sm">
          The stored file, its display image, thumbnail and pixels are rewritten with{' '}
          {toSend.length === 1 ? 'this rectangle' : `these ${toSend.length} rectangles`} black. The
          covered pixels cannot be brought back.
        </Text>
      ),
      labels: { confirm: 'Mask', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        mask.mutate(toSend, {
          onSuccess: (updated) => {
            setRevision(updated.pixel_revision);
            setMasks([]);
            notifications.show({ message: 'Masked. The image is being scanned again.' });
          },
          onError: (error) =>
            notifications.show({ color: 'red', title: 'Not masked', message: errorMessage(error) }),
        }),
    });

  if (regions.isError) {
    return <QueryError error={regions.error} onRetry={() => void regions.refetch()} />;
  }
  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="nowrap">
        {(regions.isPending || regions.data?.status === 'pending') && <Loader size="xs" />}
        <Text size="sm" data-testid="scan-status">
          {regions.data ? scanStatusText(regions.data) : 'Loading what OCR found…'}
        </Text>
        {regions.data && regions.data.status !== 'pending' && (
          <Button
            size="compact-xs"
            variant="subtle"
            loading={scanAgain.isPending}
            onClick={() => scanAgain.mutate()}
          >
            Scan again
          </Button>
        )}
      </Group>
      <Alert variant="light" color="gray" icon={<IconInfoCircle size={16} />} p="xs">
        OCR is a help, not a guarantee: it misses stylised, tiny or low-contrast text. Look at the
        whole image; you remain responsible for what it shows. Drag on the image to draw a mask.
      </Alert>
      <MaskCanvas
        imageUrl={apiUrl(revisedPath(`/api/samples/${sample.id}/image`, revision))}
        size={size}
        regions={found}
        masks={masks}
        onChange={setMasks}
      />
      <Group justify="space-between">
        <Group gap="xs">
          <Button
            variant="default"
            size="xs"
            disabled={found.length === 0}
            onClick={() => setMasks(withRegions(masks, found))}
          >
            Mask all found text
          </Button>
          <Button
            variant="subtle"
            size="xs"
            disabled={masks.length === 0}
            onClick={() => setMasks([])}
          >
            Clear masks
          </Button>
        </Group>
        <Button
          color="red"
          size="xs"
          disabled={toSend.length === 0}
          loading={mask.isPending}
          onClick={apply}
        >
          {toSend.length === 1 ? 'Apply 1 mask' : `Apply ${toSend.length} masks`}
        </Button>
      </Group>
    </Stack>
  );
}
