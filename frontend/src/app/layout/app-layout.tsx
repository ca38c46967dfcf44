import { AppShell, Burger, Container, Group, NavLink, Stack, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLayoutDashboard, IconListCheck, IconUsersGroup } from '@tabler/icons-react';
import { Suspense } from 'react';
import { Link, NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { PageLoader } from '../../components/page-loader.tsx';
import { useMe } from '../../lib/use-me.ts';
import { useOverview } from '../../lib/use-overview.ts';
import { Logo } from '../../components/logo.tsx';
import { UserMenu } from './user-menu.tsx';
import { useLogout } from './use-logout.ts';
import classes from './app-layout.module.css';

const GROUPS = { to: '/groups', label: 'Groups', icon: IconUsersGroup, end: false };
/** A doctor's home is their work; a manager's is the overview, their own work one step away. */
const DOCTOR_NAV = [{ to: '/', label: 'My work', icon: IconListCheck, end: true }, GROUPS];
const MANAGER_NAV = [
  { to: '/', label: 'Overview', icon: IconLayoutDashboard, end: true },
  { to: '/work', label: 'My work', icon: IconListCheck, end: true },
  GROUPS,
];

/** The app's frame: a header with the product, the main places and the user menu. */
export function AppLayout() {
  const { data: user } = useMe();
  const overview = useOverview();
  const NAV = (overview.data?.groups.length ?? 0) > 0 ? MANAGER_NAV : DOCTOR_NAV;
  const logout = useLogout();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { desktop: true, mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <UnstyledButton component={Link} to="/" aria-label="TagMedX home">
              <Logo />
            </UnstyledButton>
            <Group gap={4} visibleFrom="sm" component="nav" aria-label="Main">
              {NAV.map((item) => (
                <RouterNavLink key={item.to} to={item.to} end={item.end} className={classes.link}>
                  <item.icon size={16} />
                  <span>{item.label}</span>
                </RouterNavLink>
              ))}
            </Group>
          </Group>
          {user && <UserMenu user={user} onLogout={() => void logout()} />}
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <Stack gap={4}>
          {NAV.map((item) => (
            <NavLink
              key={item.to}
              component={RouterNavLink}
              to={item.to}
              end={item.end}
              label={item.label}
              leftSection={<item.icon size={18} />}
              active={
                item.end ? location.pathname === item.to : location.pathname.startsWith(item.to)
              }
              onClick={close}
            />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <Container fluid px={0} maw={2200}>
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
