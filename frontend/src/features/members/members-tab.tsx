import { Group, Stack, Text } from '@mantine/core';
import { useParams } from 'react-router';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageLoader } from '../../components/page-loader.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { plural } from '../../lib/format.ts';
import { useGroup } from '../../lib/use-group.ts';
import { useGroupMembers } from '../../lib/use-group-members.ts';
import { useMe } from '../../lib/use-me.ts';
import { JoinCodeCard } from './components/join-code-card.tsx';
import { LeaveGroupButton } from './components/leave-group-button.tsx';
import { MembersTable } from './components/members-table.tsx';

/** /groups/:groupId/members: who is in the group; admins manage roles, members and the join code. */
export default function MembersTab() {
  const groupId = Number(useParams().groupId);
  const group = useGroup(groupId);
  const members = useGroupMembers(groupId);
  const me = useMe();

  if (group.isPending || members.isPending || me.isPending) return <PageLoader />;
  if (group.isError) return <QueryError error={group.error} onRetry={() => void group.refetch()} />;
  if (members.isError) {
    return <QueryError error={members.error} onRetry={() => void members.refetch()} />;
  }
  if (!me.data) return null;

  const isAdmin = group.data.role === 'admin';
  const admins = members.data.filter((member) => member.role === 'admin').length;

  return (
    <Stack gap="md">
      {isAdmin && group.data.join_code && (
        <JoinCodeCard groupId={groupId} joinCode={group.data.join_code} />
      )}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {plural(members.data.length, 'member')} · {plural(admins, 'admin')}
        </Text>
        <LeaveGroupButton groupId={groupId} groupName={group.data.name} meId={me.data.id} />
      </Group>
      {members.data.length === 0 ? (
        <EmptyState title="No members">Share the join code to invite your team.</EmptyState>
      ) : (
        <MembersTable
          groupId={groupId}
          members={members.data}
          meId={me.data.id}
          canManage={isAdmin}
        />
      )}
    </Stack>
  );
}
