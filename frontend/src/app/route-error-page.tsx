import { Button, Code, Container, Group, Stack, Text, Title } from '@mantine/core';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { errorMessage } from '../lib/errors.ts';

/** What a crashed page shows instead of a blank screen. */
export function RouteErrorPage() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : errorMessage(error);
  return (
    <Container size="sm" py={80}>
      <Stack gap="md">
        <Title order={2}>Something went wrong on this page</Title>
        <Text c="dimmed">
          Reload to try again. Saved annotations are on the server; nothing saved is lost.
        </Text>
        <Code block>{message}</Code>
        <Group>
          <Button onClick={() => window.location.reload()}>Reload</Button>
          <Button component={Link} to="/" variant="default">
            My work
          </Button>
        </Group>
      </Stack>
    </Container>
  );
}
