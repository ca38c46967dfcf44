import { Button, Paper, Stack } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { EmptyState } from '../../../components/empty-state.tsx';
import { PageLoader } from '../../../components/page-loader.tsx';
import { QueryError } from '../../../components/query-error.tsx';
import { plural } from '../../../lib/format.ts';
import { useAuditEvents, type AuditQuery } from '../api.ts';
import type { AuditNames } from '../describe.ts';
import { AuditEventsTable } from './audit-events-table.tsx';
import { LoadMore } from './load-more.tsx';

interface EventsSectionProps {
  groupId: number;
  query: AuditQuery;
  names: AuditNames;
  isFiltered: boolean;
  onClearFilters: () => void;
}

/** The audit trail's events for the filters, newest first, with "Load more". */
export function EventsSection({
  groupId,
  query,
  names,
  isFiltered,
  onClearFilters,
}: EventsSectionProps) {
  const events = useAuditEvents(groupId, query);

  if (events.isPending) return <PageLoader />;
  if (events.isError) {
    return (
      <QueryError
        error={events.error}
        title="Could not load the audit trail"
        onRetry={() => void events.refetch()}
      />
    );
  }
  const items = events.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return isFiltered ? (
      <EmptyState
        title="No events match these filters"
        icon={<IconHistory size={26} />}
        action={
          <Button variant="light" mt="xs" onClick={onClearFilters}>
            Clear filters
          </Button>
        }
      >
        Widen the dates, or choose another member or action.
      </EmptyState>
    ) : (
      <EmptyState title="Nothing recorded yet" icon={<IconHistory size={26} />}>
        Every change in this group appears here as it happens: sets, labels, uploads, packages,
        members and roles, examinations and exports.
      </EmptyState>
    );
  }
  return (
    <Stack gap="sm">
      <Paper withBorder radius="md">
        <AuditEventsTable events={items} names={names} />
      </Paper>
      <LoadMore
        shown={plural(items.length, 'event')}
        hasMore={events.hasNextPage}
        loading={events.isFetchingNextPage}
        onLoadMore={() => void events.fetchNextPage()}
      />
    </Stack>
  );
}
