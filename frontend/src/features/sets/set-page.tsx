import { Badge, Button, Group, Tabs, Text } from '@mantine/core';
import { IconBoxMultiple, IconPhoto, IconTags, IconUpload } from '@tabler/icons-react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { PageLoader } from '../../components/page-loader.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { RoleBadge } from '../../components/role-badge.tsx';
import { SetTypeBadge } from '../../components/set-type-badge.tsx';
import { hasStatus } from '../../lib/errors.ts';
import { useGroup } from '../../lib/use-group.ts';
import { useSet } from '../../lib/use-set.ts';
import { useSetId } from '../../lib/use-set-id.ts';
import { useSetLabels } from '../../lib/use-set-labels.ts';
import { ExportMenu } from './components/export-menu.tsx';
import { SetStatsSummary } from './components/set-stats-summary.tsx';

/** /sets/:setId: the set's name, type and progress, its tabs, and the open tab below. */
export default function SetPage() {
  const setId = useSetId();
  const set = useSet(setId);
  const group = useGroup(set.data?.group_id ?? Number.NaN);
  const labels = useSetLabels(setId);
  const navigate = useNavigate();
  const location = useLocation();
  const active = location.pathname.split('/')[3] ?? 'packages';

  if (Number.isNaN(setId) || (set.isError && hasStatus(set.error, 404))) {
    return (
      <EmptyState
        title="This set does not exist, or you are not a member of its group"
        action={
          <Button component={Link} to="/groups" mt="sm">
            Back to my groups
          </Button>
        }
      >
        Ask the group’s manager for the join code, then join the group from your groups.
      </EmptyState>
    );
  }
  if (set.isError) return <QueryError error={set.error} onRetry={() => void set.refetch()} />;
  if (group.isError) return <QueryError error={group.error} onRetry={() => void group.refetch()} />;
  if (set.isPending || group.isPending) return <PageLoader />;

  const isAdmin = group.data.role === 'admin';
  const tabs = [
    { value: 'packages', label: 'Packages', icon: IconBoxMultiple, count: set.data.package_count },
    { value: 'samples', label: 'Samples', icon: IconPhoto, count: set.data.sample_count },
    { value: 'labels', label: 'Labels', icon: IconTags, count: labels.data?.length },
    ...(isAdmin ? [{ value: 'upload', label: 'Upload', icon: IconUpload, count: undefined }] : []),
  ];

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span" wrap="wrap">
            {set.data.name}
            <SetTypeBadge type={set.data.type} />
          </Group>
        }
        breadcrumbs={[
          { label: 'Groups', to: '/groups' },
          { label: group.data.name, to: `/groups/${group.data.id}/sets` },
          { label: set.data.name },
        ]}
        description={
          <>
            {set.data.description && <>{set.data.description} · </>}
            <Text span size="sm" c="dimmed">
              {set.data.package_size} samples per package
            </Text>
          </>
        }
        actions={
          <>
            <RoleBadge role={group.data.role} />
            {isAdmin && <ExportMenu setId={setId} setType={set.data.type} />}
          </>
        }
      />
      <SetStatsSummary setId={setId} groupId={group.data.id} />
      <Tabs
        value={active}
        onChange={(value) => value && void navigate(`/sets/${setId}/${value}`)}
        keepMounted={false}
        mb="md"
      >
        <Tabs.List>
          {tabs.map((tab) => (
            <Tabs.Tab
              key={tab.value}
              value={tab.value}
              leftSection={<tab.icon size={16} />}
              rightSection={
                tab.count !== undefined ? (
                  <Badge size="sm" variant="light" color="gray" circle={tab.count < 10}>
                    {tab.count}
                  </Badge>
                ) : undefined
              }
            >
              {tab.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Outlet />
    </>
  );
}
