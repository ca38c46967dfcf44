import { Button, Paper, Stack } from '@mantine/core';
import { IconPhoto } from '@tabler/icons-react';
import { EmptyState } from '../../../components/empty-state.tsx';
import { PageLoader } from '../../../components/page-loader.tsx';
import { QueryError } from '../../../components/query-error.tsx';
import { plural } from '../../../lib/format.ts';
import { useImageViews, type ImageViewsQuery } from '../api.ts';
import { ImageViewsTable } from './image-views-table.tsx';
import { LoadMore } from './load-more.tsx';

interface ImageViewsSectionProps {
  groupId: number;
  query: ImageViewsQuery;
  members: ReadonlyMap<number, string>;
  isFiltered: boolean;
  onClearFilters: () => void;
}

/** How many images each member opened on each day, newest first. */
export function ImageViewsSection({
  groupId,
  query,
  members,
  isFiltered,
  onClearFilters,
}: ImageViewsSectionProps) {
  const views = useImageViews(groupId, query);

  if (views.isPending) return <PageLoader />;
  if (views.isError) {
    return (
      <QueryError
        error={views.error}
        title="Could not load the image views"
        onRetry={() => void views.refetch()}
      />
    );
  }
  const rows = views.data.pages.flatMap((page) => page.items);
  if (rows.length === 0) {
    return isFiltered ? (
      <EmptyState
        title="No images opened in this range"
        icon={<IconPhoto size={26} />}
        action={
          <Button variant="light" mt="xs" onClick={onClearFilters}>
            Clear filters
          </Button>
        }
      >
        Widen the dates, or choose another member.
      </EmptyState>
    ) : (
      <EmptyState title="No image opened yet" icon={<IconPhoto size={26} />}>
        Each time a member opens an image of this group it is counted here, per member and day.
      </EmptyState>
    );
  }
  return (
    <Stack gap="sm">
      <Paper withBorder radius="md">
        <ImageViewsTable views={rows} members={members} />
      </Paper>
      <LoadMore
        shown={plural(rows.length, 'entry', 'entries')}
        hasMore={views.hasNextPage}
        loading={views.isFetchingNextPage}
        onLoadMore={() => void views.fetchNextPage()}
      />
    </Stack>
  );
}
