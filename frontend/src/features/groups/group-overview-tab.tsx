import { Anchor, Group, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageLoader } from '../../components/page-loader.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fullName, plural } from '../../lib/format.ts';
import { useGroup } from '../../lib/use-group.ts';
import { useGroupMembers } from '../../lib/use-group-members.ts';
import { useGroupSets, useGroupStats, useSetsStats } from './api.ts';
import { ProgressRow } from './components/progress-row.tsx';
import { StatCard } from './components/stat-card.tsx';
import { StorageCard } from './components/storage-card.tsx';
import { useGroupId } from './hooks/use-group-id.ts';

/** The group's progress: samples annotated per set and per annotator, packages ready; one member or all. */
export default function GroupOverviewTab() {
  const groupId = useGroupId();
  const group = useGroup(groupId);
  const stats = useGroupStats(groupId);
  const sets = useGroupSets(groupId);
  const members = useGroupMembers(groupId);
  const setStats = useSetsStats((sets.data ?? []).map((set) => set.id));
  const [memberId, setMemberId] = useState<string | null>(null);

  const names = useMemo(
    () => new Map((members.data ?? []).map((member) => [member.user_id, fullName(member)])),
    [members.data],
  );

  if (stats.isPending || sets.isPending) return <PageLoader />;
  if (stats.isError) return <QueryError error={stats.error} onRetry={() => void stats.refetch()} />;
  if (sets.isError) return <QueryError error={sets.error} onRetry={() => void sets.refetch()} />;

  const isAdmin = group.data?.role === 'admin';
  if (sets.data.length === 0) {
    return (
      <EmptyState title="Nothing to measure yet" icon={<IconChartBar size={26} />}>
        {isAdmin
          ? 'Create a set on the Sets tab and upload images; progress appears here as your team annotates.'
          : 'Your manager has not created any set yet. Progress appears here once the team starts annotating.'}
      </EmptyState>
    );
  }

  const selected = memberId === null ? null : Number(memberId);
  const memberStats = stats.data.members.find((member) => member.user_id === selected);
  const annotators = [...stats.data.members].sort(
    (a, b) => b.annotated_samples - a.annotated_samples,
  );
  const mostAnnotated = Math.max(1, ...annotators.map((member) => member.annotated_samples));

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed">
          {plural(stats.data.sets, 'set')} · {plural(stats.data.samples, 'sample')} ·{' '}
          {plural(stats.data.packages, 'package')}
        </Text>
        <Select
          label="Show"
          placeholder="The whole team"
          aria-label="Filter to one member"
          data={(members.data ?? []).map((member) => ({
            value: String(member.user_id),
            label: fullName(member),
          }))}
          value={memberId}
          onChange={setMemberId}
          clearable
          searchable
          w={260}
        />
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {selected === null ? (
          <>
            <StatCard
              label="Samples annotated"
              done={stats.data.annotated_samples}
              total={stats.data.samples}
              unit="by at least one reader"
            />
            <StatCard
              label="Packages ready"
              done={stats.data.ready_packages}
              total={stats.data.packages}
              unit="marked ready by their annotator"
            />
          </>
        ) : (
          <>
            <StatCard
              label={`Annotated by ${names.get(selected) ?? 'this member'}`}
              done={memberStats?.annotated_samples ?? 0}
              total={stats.data.samples}
              unit="samples of the group"
            />
            <StatCard
              label="Packages ready"
              done={memberStats?.ready_packages ?? 0}
              total={stats.data.packages}
              unit="marked ready by this member"
            />
          </>
        )}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Paper withBorder p="md">
          <Title order={4} mb="md">
            Samples annotated per set
          </Title>
          <Stack gap="md">
            {sets.data.map((set, index) => {
              const result = setStats[index];
              if (!result || result.isPending) {
                return <ProgressRow key={set.id} label={set.name} done={0} total={0} caption="…" />;
              }
              if (result.isError) {
                return (
                  <Text key={set.id} size="sm" c="red">
                    {set.name}: {String(result.error.message)}
                  </Text>
                );
              }
              const done =
                selected === null
                  ? result.data.annotated_samples
                  : (result.data.annotators.find((a) => a.user_id === selected)
                      ?.annotated_samples ?? 0);
              return (
                <ProgressRow
                  key={set.id}
                  label={
                    <Anchor component={Link} to={`/sets/${set.id}`} size="sm" fw={500}>
                      {set.name}
                    </Anchor>
                  }
                  done={done}
                  total={result.data.samples}
                  caption={`${done} of ${result.data.samples} · ${result.data.ready_packages}/${result.data.packages} packages ready`}
                />
              );
            })}
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Title order={4} mb="md">
            Samples annotated per member
          </Title>
          {annotators.length === 0 ? (
            <Text size="sm" c="dimmed">
              No one has annotated yet. Members claim packages on each set&apos;s page.
            </Text>
          ) : (
            <Stack gap="md">
              {annotators.map((member) => (
                <ProgressRow
                  key={member.user_id}
                  label={names.get(member.user_id) ?? `User ${member.user_id}`}
                  done={member.annotated_samples}
                  total={mostAnnotated}
                  caption={`${plural(member.annotated_samples, 'sample')} · ${plural(member.ready_packages, 'package')} ready`}
                  color={selected === null || selected === member.user_id ? undefined : 'gray.4'}
                />
              ))}
            </Stack>
          )}
        </Paper>
      </SimpleGrid>
      {isAdmin && <StorageCard groupId={groupId} />}
    </Stack>
  );
}
