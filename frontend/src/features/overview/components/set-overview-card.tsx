import { Anchor, Badge, Group, Paper, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import type { SetOverview } from '../../../api/types.ts';
import { SetTypeBadge } from '../../../components/set-type-badge.tsx';
import { percent } from '../../../lib/format.ts';
import { attentionItems } from '../attention.tsx';
import { AttentionList } from './attention-list.tsx';

/** One set at a glance: how far its reading is, its packages, and what needs the manager. */
export function SetOverviewCard({ set, groupId }: { set: SetOverview; groupId: number }) {
  const read = percent(set.annotated_samples, set.samples);
  const items = attentionItems(set, groupId);
  return (
    <Paper withBorder p="md" data-testid={`set-overview-${set.set_id}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Tooltip label={set.name} openDelay={400} multiline maw={360}>
            <Anchor
              component={Link}
              to={`/sets/${set.set_id}`}
              fw={600}
              truncate="end"
              style={{ minWidth: 0 }}
            >
              {set.name}
            </Anchor>
          </Tooltip>
          <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
            {items.length > 0 && (
              <Badge color="orange" variant="light" radius="sm">
                {items.length} to look at
              </Badge>
            )}
            <SetTypeBadge type={set.type} />
          </Group>
        </Group>
        <Stack gap={4}>
          <Group justify="space-between" gap="xs">
            <Text size="sm">
              <b>{set.annotated_samples.toLocaleString()}</b> of {set.samples.toLocaleString()}{' '}
              images read
            </Text>
            <Text size="xs" c="dimmed">
              {set.packages.unassigned} free · {set.packages.in_progress} in progress ·{' '}
              {set.packages.ready} ready
            </Text>
          </Group>
          <Progress
            value={read}
            color={read === 100 ? 'teal' : 'clinical'}
            size="md"
            radius="sm"
            aria-label={`${set.name}: ${read}% read`}
          />
        </Stack>
        <AttentionList items={items} />
      </Stack>
    </Paper>
  );
}
