import { Button, Group } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconKey, IconPlus, IconUsersGroup } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { PageLoader } from '../../components/page-loader.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useMyGroups } from './api.ts';
import { CreateGroupModal } from './components/create-group-modal.tsx';
import { GroupsList } from './components/groups-list.tsx';
import { JoinGroupModal } from './components/join-group-modal.tsx';

/** /groups: the caller's groups, create one, join one with a code. */
export default function GroupsPage() {
  const groups = useMyGroups();
  const navigate = useNavigate();
  const [createOpened, createModal] = useDisclosure(false);
  const [joinOpened, joinModal] = useDisclosure(false);

  const actions = (
    <>
      <Button variant="default" leftSection={<IconKey size={16} />} onClick={joinModal.open}>
        Join with a code
      </Button>
      <Button leftSection={<IconPlus size={16} />} onClick={createModal.open}>
        Create group
      </Button>
    </>
  );

  return (
    <>
      <PageHeader
        title="Groups"
        description="A group is a team working on the same images: its admins prepare sets, its annotators read them."
        actions={actions}
      />
      {groups.isPending ? (
        <PageLoader />
      ) : groups.isError ? (
        <QueryError error={groups.error} onRetry={() => void groups.refetch()} />
      ) : groups.data.length === 0 ? (
        <EmptyState
          title="You are not in any group yet"
          icon={<IconUsersGroup size={26} />}
          action={<Group mt="sm">{actions}</Group>}
        >
          Join your team with the code your manager sent you, or create a group to manage your own
          annotation project.
        </EmptyState>
      ) : (
        <GroupsList groups={groups.data} />
      )}
      <CreateGroupModal
        opened={createOpened}
        onClose={createModal.close}
        onCreated={(group) => {
          createModal.close();
          void navigate(`/groups/${group.id}/sets`);
        }}
      />
      <JoinGroupModal
        opened={joinOpened}
        onClose={joinModal.close}
        onJoined={(group) => {
          joinModal.close();
          void navigate(`/groups/${group.id}/sets`);
        }}
      />
    </>
  );
}
