import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconLogout, IconUser } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { User } from '../../api/types.ts';

interface UserMenuProps {
  user: User;
  onLogout: () => void;
}

function initials(user: User): string {
  return `${user.name.charAt(0)}${user.surname.charAt(0)}`.toUpperCase();
}

/** The signed-in person, with Profile and Log out. */
export function UserMenu({ user, onLogout }: UserMenuProps) {
  return (
    <Menu position="bottom-end" width={260} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label="Account menu">
          <Group gap={8} wrap="nowrap">
            <Avatar color="clinical" radius="xl" size={32}>
              {initials(user)}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm" lineClamp={1} maw={180}>
              {user.name} {user.surname}
            </Text>
            <IconChevronDown size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label style={{ overflow: 'hidden', textOverflow: 'ellipsis' }} title={user.email}>
          {user.email}
        </Menu.Label>
        <Menu.Item component={Link} to="/profile" leftSection={<IconUser size={16} />}>
          Profile
        </Menu.Item>
        <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={onLogout}>
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
