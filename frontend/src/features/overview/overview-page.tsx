import { Anchor, Button, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconFolderPlus, IconListCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Overview } from '../../api/types.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { fullName, plural } from '../../lib/format.ts';
import { useMe } from '../../lib/use-me.ts';
import { attentionItems } from './attention.tsx';
import { SetOverviewCard } from './components/set-overview-card.tsx';

/** `/` for a manager: their groups' progress and what needs attention, set by set. */
export default function OverviewPage({ overview }: { overview: Overview }) {
  const me = useMe();
  const waiting = overview.groups
    .flatMap((group) => group.sets.map((set) => attentionItems(set, group.group_id).length))
    .reduce((sum, count) => sum + count, 0);
  return (
    <>
      <PageHeader
        title={me.data ? `Welcome, ${fullName(me.data)}` : 'Overview'}
        description={
          waiting > 0
            ? `${plural(waiting, 'thing')} in your groups ${waiting === 1 ? 'needs' : 'need'} you.`
            : 'Your groups’ progress. Nothing needs you right now.'
        }
        actions={
          <Button
            component={Link}
            to="/work"
            variant="default"
            leftSection={<IconListCheck size={16} />}
          >
            My own packages
          </Button>
        }
      />
      <Stack gap="xl">
        {overview.groups.map((group) => (
          <Stack key={group.group_id} gap="sm" data-testid={`group-overview-${group.group_id}`}>
            <Group justify="space-between" wrap="nowrap" gap="sm">
              <Title order={3} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                <Anchor component={Link} to={`/groups/${group.group_id}`} inherit>
                  {group.name}
                </Anchor>
              </Title>
              <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
                {plural(group.sets.length, 'set')}
              </Text>
            </Group>
            {group.sets.length === 0 ? (
              <EmptyState
                title="No sets yet"
                icon={<IconFolderPlus size={26} />}
                action={
                  <Button component={Link} to={`/groups/${group.group_id}/sets`} mt="sm">
                    Create a set
                  </Button>
                }
              >
                A set holds the images to read and the labels to read them with.
              </EmptyState>
            ) : (
              <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
                {group.sets.map((set) => (
                  <SetOverviewCard key={set.set_id} set={set} groupId={group.group_id} />
                ))}
              </SimpleGrid>
            )}
          </Stack>
        ))}
      </Stack>
    </>
  );
}
