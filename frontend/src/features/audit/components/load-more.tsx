import { Button, Group, Text } from '@mantine/core';

interface LoadMoreProps {
  shown: string;
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}

/** "Showing 50 events" and, while the API has more, a button that fetches the next page. */
export function LoadMore({ shown, hasMore, loading, onLoadMore }: LoadMoreProps) {
  return (
    <Group justify="space-between">
      <Text size="xs" c="dimmed">
        Showing {shown}
        {hasMore ? '' : ' (all)'}
      </Text>
      {hasMore && (
        <Button variant="default" size="xs" loading={loading} onClick={onLoadMore}>
          Load more
        </Button>
      )}
    </Group>
  );
}
