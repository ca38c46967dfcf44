import { Anchor, Button, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from '../../../components/empty-state.tsx';
import { PageLoader } from '../../../components/page-loader.tsx';
import { QueryError } from '../../../components/query-error.tsx';
import { plural } from '../../../lib/format.ts';
import { useAuditStory, type AuditQuery, type StoryEntry } from '../api.ts';
import { formatLocalTime, formatUtcTime } from '../format-time.ts';
import { LoadMore } from './load-more.tsx';

interface StorySectionProps {
  groupId: number;
  query: AuditQuery;
  isFiltered: boolean;
  onClearFilters: () => void;
}

/** Where the entry's object lives: its package's page in the set, else its set. */
function link(entry: StoryEntry): string | null {
  if (entry.set_id && entry.package_id) return `/sets/${entry.set_id}/packages`;
  if (entry.set_id) return `/sets/${entry.set_id}`;
  return null;
}

function Entry({ entry }: { entry: StoryEntry }) {
  const [day, clock] = formatLocalTime(entry.at);
  const [, started] = formatLocalTime(entry.started_at);
  const to = link(entry);
  return (
    <Group gap="md" wrap="nowrap" align="flex-start" px="md" py="xs" data-testid="story-entry">
      <Tooltip label={formatUtcTime(entry.at)} withArrow openDelay={200}>
        <Text size="sm" component="time" dateTime={entry.at} w={110} style={{ flexShrink: 0 }}>
          {day}
          <Text span display="block" size="xs" c="dimmed">
            {entry.events > 1 ? `${started} – ${clock}` : clock}
          </Text>
        </Text>
      </Tooltip>
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {to ? (
            <Anchor component={Link} to={to} inherit c="inherit">
              {entry.text}
            </Anchor>
          ) : (
            entry.text
          )}
        </Text>
        {entry.events > 1 && (
          <Text size="xs" c="dimmed">
            {entry.action === 'examination.save'
              ? plural(entry.events, 'autosave')
              : plural(entry.events, 'event')}{' '}
            in one go
          </Text>
        )}
      </Stack>
    </Group>
  );
}

/** The audit trail as a story: what people did, newest first, with names; "Load more". */
export function StorySection({ groupId, query, isFiltered, onClearFilters }: StorySectionProps) {
  const story = useAuditStory(groupId, query);
  if (story.isPending) return <PageLoader />;
  if (story.isError) {
    return (
      <QueryError
        error={story.error}
        title="Could not load the audit trail"
        onRetry={() => void story.refetch()}
      />
    );
  }
  const entries = story.data.pages.flatMap((page) => page.items);
  if (entries.length === 0) {
    return (
      <EmptyState
        title={isFiltered ? 'Nothing happened with these filters' : 'Nothing recorded yet'}
        icon={<IconHistory size={26} />}
        action={
          isFiltered && (
            <Button variant="light" mt="xs" onClick={onClearFilters}>
              Clear filters
            </Button>
          )
        }
      >
        Every change in this group is told here as it happens.
      </EmptyState>
    );
  }
  return (
    <Stack gap="sm">
      <Paper withBorder radius="md" aria-label="What happened" role="list">
        <Stack gap={0}>
          {entries.map((entry) => (
            <div
              role="listitem"
              key={entry.id}
              style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
            >
              <Entry entry={entry} />
            </div>
          ))}
        </Stack>
      </Paper>
      <LoadMore
        shown={plural(entries.length, 'entry')}
        hasMore={story.hasNextPage}
        loading={story.isFetchingNextPage}
        onLoadMore={() => void story.fetchNextPage()}
      />
    </Stack>
  );
}
