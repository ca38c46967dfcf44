import { Button, Tabs } from '@mantine/core';
import {
  IconChartBar,
  IconFolders,
  IconHistory,
  IconSettings,
  IconUsers,
} from '@tabler/icons-react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { PageLoader } from '../../components/page-loader.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { RoleBadge } from '../../components/role-badge.tsx';
import { hasStatus } from '../../lib/errors.ts';
import { useGroup } from '../../lib/use-group.ts';
import { useGroupId } from './hooks/use-group-id.ts';

const TABS = [
  { value: 'overview', label: 'Overview', icon: IconChartBar, adminOnly: false },
  { value: 'sets', label: 'Sets', icon: IconFolders, adminOnly: false },
  { value: 'members', label: 'Members', icon: IconUsers, adminOnly: false },
  { value: 'audit', label: 'Audit', icon: IconHistory, adminOnly: true },
  { value: 'settings', label: 'Settings', icon: IconSettings, adminOnly: true },
];

/** /groups/:groupId: the group's name and role, its tabs, and the open tab below. */
export default function GroupPage() {
  const groupId = useGroupId();
  const group = useGroup(groupId);
  const navigate = useNavigate();
  const location = useLocation();
  const active = location.pathname.split('/')[3] ?? 'overview';

  if (group.isPending) return <PageLoader />;
  if (group.isError) {
    if (hasStatus(group.error, 404) || hasStatus(group.error, 422) || Number.isNaN(groupId)) {
      return (
        <EmptyState
          title="This group does not exist, or you are not a member"
          action={
            <Button component={Link} to="/groups" mt="sm">
              Back to my groups
            </Button>
          }
        >
          Ask its manager for the join code, then join it from your groups.
        </EmptyState>
      );
    }
    return <QueryError error={group.error} onRetry={() => void group.refetch()} />;
  }

  const isAdmin = group.data.role === 'admin';
  const tabs = TABS.filter((tab) => !tab.adminOnly || isAdmin);

  return (
    <>
      <PageHeader
        title={group.data.name}
        breadcrumbs={[{ label: 'Groups', to: '/groups' }, { label: group.data.name }]}
        description={group.data.description || undefined}
        actions={<RoleBadge role={group.data.role} />}
      />
      <Tabs
        value={active}
        onChange={(value) => value && void navigate(`/groups/${groupId}/${value}`)}
        keepMounted={false}
        mb="lg"
      >
        <Tabs.List>
          {tabs.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value} leftSection={<tab.icon size={16} />}>
              {tab.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Outlet />
    </>
  );
}
