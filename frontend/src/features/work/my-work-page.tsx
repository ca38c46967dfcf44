import { Button, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconListCheck, IconUsersGroup } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { WorkPackage } from '../../api/types.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { PageLoader } from '../../components/page-loader.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { plural } from '../../lib/format.ts';
import { useMe } from '../../lib/use-me.ts';
import { useMyPackages } from './api.ts';
import { PackageCard } from './components/package-card.tsx';

type Filter = 'open' | 'ready' | 'all';

/** Open packages first (the least recently touched last), then ready ones. */
function byUrgency(a: WorkPackage, b: WorkPackage): number {
  if (a.is_ready !== b.is_ready) return a.is_ready ? 1 : -1;
  return b.updated_at.localeCompare(a.updated_at);
}

/** `/`: my packages across groups with progress, and where to continue. */
export default function MyWorkPage() {
  const me = useMe();
  const packages = useMyPackages();
  const [filter, setFilter] = useState<Filter>('open');

  const counts = useMemo(() => {
    const all = packages.data ?? [];
    const ready = all.filter((pkg) => pkg.is_ready).length;
    return { all: all.length, ready, open: all.length - ready };
  }, [packages.data]);

  const shown = useMemo(
    () =>
      (packages.data ?? [])
        .filter((pkg) => filter === 'all' || (filter === 'ready') === pkg.is_ready)
        .sort(byUrgency),
    [packages.data, filter],
  );

  const meId = me.data?.id;
  const remaining = (packages.data ?? [])
    .filter((pkg) => !pkg.is_ready && pkg.assignee_id === meId)
    .reduce((sum, pkg) => sum + Math.max(0, pkg.sample_count - pkg.annotated_count), 0);

  return (
    <>
      <PageHeader
        title={
          me.data
            ? `Welcome, ${me.data.title ? `${me.data.title} ` : ''}${me.data.surname}`
            : 'My work'
        }
        description={
          counts.open > 0
            ? `${plural(counts.open, 'open package')}, ${plural(remaining, 'image')} left to read.`
            : 'Your packages across every group.'
        }
      />
      {packages.isPending ? (
        <PageLoader />
      ) : packages.isError ? (
        <QueryError error={packages.error} onRetry={() => void packages.refetch()} />
      ) : counts.all === 0 ? (
        <EmptyState
          title="No packages yet"
          icon={<IconListCheck size={26} />}
          action={
            <Button
              component={Link}
              to="/groups"
              leftSection={<IconUsersGroup size={16} />}
              mt="sm"
            >
              Go to my groups
            </Button>
          }
        >
          Join a group with its code, then claim a package in a set.
        </EmptyState>
      ) : (
        <Stack gap="md">
          <SegmentedControl
            value={filter}
            onChange={(value) => setFilter(value as Filter)}
            data={[
              { value: 'open', label: `To do (${counts.open})` },
              { value: 'ready', label: `Ready (${counts.ready})` },
              { value: 'all', label: `All (${counts.all})` },
            ]}
            w="fit-content"
          />
          {shown.length === 0 ? (
            <Text c="dimmed" size="sm" py="lg" ta="center">
              {filter === 'open'
                ? 'Everything assigned to you is marked ready. Claim another package on a set’s page.'
                : 'No package is marked ready yet. Mark a package ready in the editor when you finish it.'}
            </Text>
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
              {shown.map((pkg) => (
                <PackageCard key={pkg.id} pkg={pkg} handedOn={pkg.assignee_id !== meId} />
              ))}
            </SimpleGrid>
          )}
        </Stack>
      )}
    </>
  );
}
