import { Button, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconDoorExit } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../../lib/errors.ts';
import { useRemoveMember } from '../api.ts';

interface LeaveGroupButtonProps {
  groupId: number;
  groupName: string;
  meId: number;
}

/** Leaves the group (the API refuses when the caller is its last admin, and says so). */
export function LeaveGroupButton({ groupId, groupName, meId }: LeaveGroupButtonProps) {
  const remove = useRemoveMember(groupId);
  const navigate = useNavigate();

  const confirm = () =>
    modals.openConfirmModal({
      title: `Leave “${groupName}”?`,
      children: (
        <Text size="sm">
          You lose access to its sets at once. Your annotations stay. To come back you need its join
          code.
        </Text>
      ),
      labels: { confirm: 'Leave group', cancel: 'Stay' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(meId, {
          onSuccess: () => {
            notifications.show({ message: `You left “${groupName}”.` });
            void navigate('/groups', { replace: true });
          },
          onError: (error) =>
            notifications.show({
              color: 'red',
              title: 'You are still a member',
              message: errorMessage(error),
              autoClose: 8000,
            }),
        }),
    });

  return (
    <Button
      variant="default"
      color="red"
      leftSection={<IconDoorExit size={16} />}
      loading={remove.isPending}
      onClick={confirm}
    >
      Leave group
    </Button>
  );
}
