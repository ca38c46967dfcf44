import { Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useParams } from 'react-router';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageLoader } from '../../components/page-loader.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fullName } from '../../lib/format.ts';
import { useGroup } from '../../lib/use-group.ts';
import { useGroupMembers } from '../../lib/use-group-members.ts';
import { useSetNames } from './api.ts';
import { AuditFilters } from './components/audit-filters.tsx';
import { EventsSection } from './components/events-section.tsx';
import { ImageViewsSection } from './components/image-views-section.tsx';
import { StorySection } from './components/story-section.tsx';
import type { AuditNames } from './describe.ts';
import { useAuditFilters } from './hooks/use-audit-filters.ts';

const NO_SETS: ReadonlyMap<number, string> = new Map();

/** /groups/:groupId/audit: what happened as a story, every raw event, and images opened per day.
 * Admins; read-only. */
export default function AuditTab() {
  const groupId = Number(useParams().groupId);
  const group = useGroup(groupId);
  const isAdmin = group.data?.role === 'admin';
  const members = useGroupMembers(groupId);
  const setNames = useSetNames(groupId, isAdmin);
  const { filters, eventsQuery, viewsQuery, setFilter, clearFilters, isFiltered } =
    useAuditFilters();

  const memberNames = useMemo(
    () => new Map((members.data ?? []).map((member) => [member.user_id, fullName(member)])),
    [members.data],
  );
  const memberOptions = useMemo(
    () =>
      (members.data ?? []).map((member) => ({
        value: String(member.user_id),
        label: fullName(member),
      })),
    [members.data],
  );
  const names: AuditNames = useMemo(
    () => ({ members: memberNames, sets: setNames.data ?? NO_SETS, groupName: group.data?.name }),
    [memberNames, setNames.data, group.data?.name],
  );

  if (group.isPending) return <PageLoader />;
  if (group.isError) return <QueryError error={group.error} onRetry={() => void group.refetch()} />;
  if (!isAdmin) {
    return (
      <EmptyState
        title="Only the group's admins can read its audit trail"
        icon={<IconLock size={26} />}
      >
        Ask an admin of this group if you need to know who changed what.
      </EmptyState>
    );
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center" gap="sm">
        <SegmentedControl
          value={filters.view}
          onChange={(value) => setFilter('view', value === 'story' ? null : value)}
          data={[
            { value: 'story', label: 'What happened' },
            { value: 'events', label: 'Every event' },
            { value: 'views', label: 'Images opened' },
          ]}
          aria-label="What to show"
        />
        <Text size="xs" c="dimmed" maw={520}>
          An append-only record: nobody, admins included, can change or delete it. Times are yours;
          hover one to see it in UTC.
        </Text>
      </Group>
      <AuditFilters
        filters={filters}
        members={memberOptions}
        onChange={setFilter}
        onClear={clearFilters}
        isFiltered={isFiltered}
      />
      {filters.view === 'story' ? (
        <StorySection
          groupId={groupId}
          query={eventsQuery}
          isFiltered={isFiltered}
          onClearFilters={clearFilters}
        />
      ) : filters.view === 'events' ? (
        <EventsSection
          groupId={groupId}
          query={eventsQuery}
          names={names}
          isFiltered={isFiltered}
          onClearFilters={clearFilters}
        />
      ) : (
        <ImageViewsSection
          groupId={groupId}
          query={viewsQuery}
          members={memberNames}
          isFiltered={isFiltered}
          onClearFilters={clearFilters}
        />
      )}
    </Stack>
  );
}
