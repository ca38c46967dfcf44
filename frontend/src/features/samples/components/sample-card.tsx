import {
  ActionIcon,
  AspectRatio,
  Badge,
  Card,
  Group,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconAlertTriangle, IconTextRecognition, IconTrash } from '@tabler/icons-react';
import { memo, useState } from 'react';
import { Link } from 'react-router';
import { apiUrl } from '../../../api/client.ts';
import type { Sample } from '../../../api/types.ts';
import { ImageMissing } from '../../../components/image-missing.tsx';
import { whyImageFailed } from '../../../lib/image-failure.ts';
import { revisedPath } from '../../../lib/revised-path.ts';

interface SampleCardProps {
  sample: Sample;
  /** Shows the delete button (the caller administers the set's group). */
  canDelete: boolean;
  onDelete: (sample: Sample) => void;
  /** Opens the burned-in text review (admins); absent for others. */
  onReviewText?: (sample: Sample) => void;
}

function formatLabel(sample: Sample): string {
  if (sample.format !== 'dicom') return sample.format.toUpperCase();
  const modality = sample.dicom?.modality;
  return modality ? `DICOM ${modality}` : 'DICOM';
}

/** One image of the set: thumbnail (or "Image missing" when its file is gone), name, format, and a
 * warning when it may show patient text. */
export const SampleCard = memo(function SampleCard({
  sample,
  canDelete,
  onDelete,
  onReviewText,
}: SampleCardProps) {
  const to = `/packages/${sample.package_id}/samples/${sample.id}`;
  const shortName = sample.filename.split('/').pop() ?? sample.filename;
  const thumbnail = apiUrl(
    revisedPath(`/api/samples/${sample.id}/thumbnail`, sample.pixel_revision),
  );
  const [failed, setFailure] = useState<'missing' | 'unavailable' | null>(null);
  const failure = sample.files_missing ? 'missing' : failed;
  return (
    <Card withBorder padding={0} radius="md" data-testid="sample-card">
      <UnstyledButton
        component={Link}
        to={to}
        display="block"
        aria-label={`Open ${sample.filename} in the editor`}
      >
        <AspectRatio ratio={1} bg="dark.8">
          {failure ? (
            <ImageMissing compact reason={failure} />
          ) : (
            <img
              src={thumbnail}
              alt={sample.filename}
              loading="lazy"
              decoding="async"
              onError={() => void whyImageFailed(thumbnail).then(setFailure)}
              style={{ display: 'block', objectFit: 'contain', width: '100%', height: '100%' }}
            />
          )}
        </AspectRatio>
      </UnstyledButton>
      {sample.suspected_text && (
        <Tooltip label="OCR found text in the pixels: review it and mask it" multiline w={220}>
          <Badge
            color="red"
            variant="filled"
            size="sm"
            leftSection={<IconTextRecognition size={12} />}
            style={{ position: 'absolute', top: 6, left: 6 }}
            aria-label="OCR found text in the pixels"
          >
            Text found
          </Badge>
        </Tooltip>
      )}
      {sample.burned_in_annotation_risk && !sample.suspected_text && (
        <Tooltip label="May contain burned-in patient text: review" multiline w={220}>
          <Badge
            color="orange"
            variant="filled"
            size="sm"
            leftSection={<IconAlertTriangle size={12} />}
            style={{ position: 'absolute', top: 6, left: 6 }}
            aria-label="May contain burned-in patient text: review"
          >
            Review
          </Badge>
        </Tooltip>
      )}
      <Group gap={4} px={8} py={6} wrap="nowrap" justify="space-between">
        <div style={{ minWidth: 0, flex: 1 }}>
          <Text size="xs" fw={500} truncate title={sample.filename}>
            {shortName}
          </Text>
          <Group gap={4} wrap="nowrap" mt={2}>
            <Badge
              size="xs"
              variant="light"
              color={sample.format === 'dicom' ? 'grape' : 'gray'}
              style={{ flexShrink: 0 }}
            >
              {formatLabel(sample)}
            </Badge>
            <Text
              size="xs"
              c="dimmed"
              truncate
              title={`Image #${sample.number} of the set, ${sample.width}×${sample.height} pixels`}
            >
              #{sample.number} · {sample.width}×{sample.height}
            </Text>
          </Group>
        </div>
        {onReviewText && (
          <Tooltip label="Burned-in text: review and mask">
            <ActionIcon
              variant="subtle"
              color={sample.suspected_text ? 'red' : 'gray'}
              size="sm"
              aria-label={`Burned-in text of ${sample.filename}`}
              onClick={() => onReviewText(sample)}
            >
              <IconTextRecognition size={14} />
            </ActionIcon>
          </Tooltip>
        )}
        {canDelete && (
          <Tooltip label="Delete image">
            <ActionIcon
              variant="subtle"
              color="red"
              size="sm"
              aria-label={`Delete ${sample.filename}`}
              onClick={() => onDelete(sample)}
            >
              <IconTrash size={14} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
    </Card>
  );
});
