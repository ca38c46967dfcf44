import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

/** A route that does not exist. */
export function NotFoundPage() {
  return (
    <Stack align="center" gap="md" py={80} ta="center">
      <Text fz={64} fw={800} c="dimmed" lh={1}>
        404
      </Text>
      <Title order={2}>This page does not exist</Title>
      <Text c="dimmed" maw={440}>
        The address may be mistyped, or the page was moved. Your work is safe: go back to your
        packages or your groups.
      </Text>
      <Group>
        <Button component={Link} to="/">
          My work
        </Button>
        <Button component={Link} to="/groups" variant="default">
          Groups
        </Button>
      </Group>
    </Stack>
  );
}
