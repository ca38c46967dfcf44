import { Button, Group, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPhoto } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import type { Sample } from '../../api/types.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageLoader } from '../../components/page-loader.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useSetId } from '../../lib/use-set-id.ts';
import { useSetPackages } from '../../lib/use-set-packages.ts';
import { useSetRole } from '../../lib/use-set-role.ts';
import { positionOfNumber, useDeleteSample, useSampleCount } from './api.ts';
import { JumpToSample } from './components/jump-to-sample.tsx';
import { SampleCard } from './components/sample-card.tsx';
import { SampleGrid, type GridJump } from './components/sample-grid.tsx';
import { RedactionModal } from './components/redaction-modal.tsx';
import { SampleFilters } from './components/sample-filters.tsx';
import { useSampleFilters } from './hooks/use-sample-filters.ts';

/** The set's images as a virtualised grid of thumbnails, filtered, with the total and "go to #";
 * a click opens one in the editor. */
export default function SamplesTab() {
  const setId = useSetId();
  const { isAdmin } = useSetRole(setId);
  const [filters, setFilters] = useSampleFilters();
  const total = useSampleCount(setId, filters);
  const packages = useSetPackages(setId);
  const remove = useDeleteSample(setId);
  const [reviewing, setReviewing] = useState<Sample | null>(null);
  const [jump, setJump] = useState<GridJump | null>(null);

  const filtered =
    filters.annotated !== undefined ||
    filters.packageId !== undefined ||
    filters.tentative !== undefined ||
    filters.badQuality !== undefined ||
    filters.suspectedText !== undefined;

  const { mutate: removeSample } = remove;
  // Stable, as every prop of the (memoised) cards: scrolling the grid re-renders only new rows.
  const confirmDelete = useCallback(
    (sample: Sample) =>
      modals.openConfirmModal({
        title: 'Delete this image?',
        children: (
          <Text size="sm">
            Image #{sample.number}, “{sample.filename}”, and every annotation made on it are
            deleted. It cannot be undone.
          </Text>
        ),
        labels: { confirm: 'Delete image', cancel: 'Keep it' },
        confirmProps: { color: 'red' },
        onConfirm: () =>
          removeSample(sample.id, {
            onSuccess: () => notifications.show({ message: `“${sample.filename}” deleted.` }),
            onError: (error) =>
              notifications.show({
                color: 'red',
                title: 'Not deleted',
                message: errorMessage(error),
              }),
          }),
      }),
    [removeSample],
  );

  const count = total.data ?? 0;

  let body;
  if (total.isPending) body = <PageLoader />;
  else if (total.isError) {
    body = <QueryError error={total.error} onRetry={() => void total.refetch()} />;
  } else if (count === 0 && filtered) {
    body = (
      <EmptyState title="No image matches these filters" icon={<IconPhoto size={26} />}>
        <Button variant="subtle" size="xs" onClick={() => setFilters({})}>
          Show all images
        </Button>
      </EmptyState>
    );
  } else if (count === 0) {
    body = (
      <EmptyState
        title="No images yet"
        icon={<IconPhoto size={26} />}
        action={
          isAdmin && (
            <Button component={Link} to={`/sets/${setId}/upload`}>
              Upload images
            </Button>
          )
        }
      >
        {isAdmin
          ? 'Upload PNG, JPEG or DICOM files, whole folders or ZIP archives; they are split into packages for your team.'
          : 'The set’s manager has not uploaded images yet.'}
      </EmptyState>
    );
  } else {
    body = (
      <SampleGrid
        setId={setId}
        filters={filters}
        total={count}
        jump={jump}
        renderCard={(sample) => (
          <SampleCard
            sample={sample}
            canDelete={isAdmin}
            onDelete={confirmDelete}
            onReviewText={isAdmin ? setReviewing : undefined}
          />
        )}
      />
    );
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <SampleFilters filters={filters} packages={packages.data ?? []} onChange={setFilters} />
        {count > 0 && (
          <Group gap="sm" wrap="nowrap">
            <Text size="xs" c="dimmed" data-testid="sample-total">
              {count.toLocaleString()} {count === 1 ? 'image' : 'images'}
              {filtered ? ' match' : ''} · click one to open it in the editor
            </Text>
            <JumpToSample
              total={count}
              findPosition={(number) => positionOfNumber(setId, filters, number)}
              onJump={(position) =>
                setJump((last) => ({ position, request: (last?.request ?? 0) + 1 }))
              }
            />
          </Group>
        )}
      </Group>
      {body}
      <RedactionModal sample={reviewing} onClose={() => setReviewing(null)} />
    </Stack>
  );
}
