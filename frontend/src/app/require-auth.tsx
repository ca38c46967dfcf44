import { Center, Container } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';
import { PageLoader } from '../components/page-loader.tsx';
import { QueryError } from '../components/query-error.tsx';
import { useMe } from '../lib/use-me.ts';

/** Renders its routes for a signed-in user; sends everyone else to /login?next=<here>. */
export function RequireAuth() {
  const { data: user, error, isPending, refetch } = useMe();
  const location = useLocation();

  if (isPending) return <PageLoader label="Checking your session…" />;
  if (error) {
    return (
      <Container size="sm" py="xl">
        <Center>
          <QueryError error={error} title="TagMedX is unreachable" onRetry={() => void refetch()} />
        </Center>
      </Container>
    );
  }
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    const search = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
    return <Navigate to={`/login${search}`} replace />;
  }
  return <Outlet />;
}
