import { Button, Center, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPhoto } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Sample } from '../../api/types.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageLoader } from '../../components/page-loader.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useSetId } from '../../lib/use-set-id.ts';
import { useSetPackages } from '../../lib/use-set-packages.ts';
import { useSetRole } from '../../lib/use-set-role.ts';
import { useDeleteSample, useSamples } from './api.ts';
import { SampleCard } from './components/sample-card.tsx';
import { RedactionModal } from './components/redaction-modal.tsx';
import { SampleFilters } from './components/sample-filters.tsx';
import { useLoadMoreOnView } from './hooks/use-load-more-on-view.ts';
import { useSampleFilters } from './hooks/use-sample-filters.ts';

/** The set's images as thumbnails, filtered; a click opens one in the editor. */
export default function SamplesTab() {
  const setId = useSetId();
  const { isAdmin } = useSetRole(setId);
  const [filters, setFilters] = useSampleFilters();
  const samples = useSamples(setId, filters);
  const packages = useSetPackages(setId);
  const remove = useDeleteSample(setId);
  const [reviewing, setReviewing] = useState<Sample | null>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = samples;
  const sentinel = useLoadMoreOnView(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, hasNextPage);

  const filtered =
    filters.annotated !== undefined ||
    filters.packageId !== undefined ||
    filters.tentative !== undefined ||
    filters.badQuality !== undefined ||
    filters.suspectedText !== undefined;

  const confirmDelete = (sample: Sample) =>
    modals.openConfirmModal({
      title: 'Delete this image?',
      children: (
        <Text size="sm">
          “{sample.filename}” and every annotation made on it are deleted. It cannot be undone.
        </Text>
      ),
      labels: { confirm: 'Delete image', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(sample.id, {
          onSuccess: () => notifications.show({ message: `“${sample.filename}” deleted.` }),
          onError: (error) =>
            notifications.show({
              color: 'red',
              title: 'Not deleted',
              message: errorMessage(error),
            }),
        }),
    });

  const items = samples.data?.pages.flatMap((page) => page.items) ?? [];

  let body;
  if (samples.isPending) body = <PageLoader />;
  else if (samples.isError) {
    body = <QueryError error={samples.error} onRetry={() => void samples.refetch()} />;
  } else if (items.length === 0 && filtered) {
    body = (
      <EmptyState title="No image matches these filters" icon={<IconPhoto size={26} />}>
        <Button variant="subtle" size="xs" onClick={() => setFilters({})}>
          Show all images
        </Button>
      </EmptyState>
    );
  } else if (items.length === 0) {
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
      <Stack gap="md">
        <SimpleGrid cols={{ base: 2, xs: 3, sm: 4, md: 5, lg: 6 }} spacing="sm">
          {items.map((sample) => (
            <SampleCard
              key={sample.id}
              sample={sample}
              canDelete={isAdmin}
              onDelete={confirmDelete}
              onReviewText={isAdmin ? setReviewing : undefined}
            />
          ))}
        </SimpleGrid>
        <div ref={sentinel} />
        {hasNextPage && (
          <Center>
            <Button
              variant="default"
              loading={isFetchingNextPage}
              onClick={() => void fetchNextPage()}
            >
              Load more
            </Button>
          </Center>
        )}
      </Stack>
    );
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <SampleFilters filters={filters} packages={packages.data ?? []} onChange={setFilters} />
        {items.length > 0 && (
          <Text size="xs" c="dimmed">
            {items.length}
            {hasNextPage ? '+' : ''} shown · click an image to open it in the editor
          </Text>
        )}
      </Group>
      {body}
      <RedactionModal sample={reviewing} onClose={() => setReviewing(null)} />
    </Stack>
  );
}
