import { Code, Divider, Text } from '@mantine/core';

/** The demo accounts `make run` seeds into an empty database. */
const DEMO_ACCOUNTS = {
  manager: 'manager@demo.tagmedx.org',
  doctor: 'doctor@demo.tagmedx.org',
  password: 'demo-password',
} as const;

/**
 * A quiet hint for newcomers trying the demo. The API does not say whether the demo exists, so the
 * wording stays true on any server: the accounts exist only when it was started with `make run`.
 */
export function DemoHint() {
  return (
    <>
      <Divider mt="lg" mb="sm" />
      <Text size="xs" c="dimmed" ta="center" data-testid="demo-hint">
        Trying the demo? Sign in as <Code>{DEMO_ACCOUNTS.manager}</Code> or{' '}
        <Code>{DEMO_ACCOUNTS.doctor}</Code> (password <Code>{DEMO_ACCOUNTS.password}</Code>) if your
        server was started with <Code>make run</Code>.
      </Text>
    </>
  );
}
