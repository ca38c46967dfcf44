import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import type { CreatedApiToken } from '../../../api/types.ts';

interface TokenCreatedModalProps {
  /** The token just created; null closes the modal and forgets the secret. */
  token: CreatedApiToken | null;
  onClose: () => void;
}

/** The token's secret, shown this one time, with a copy button and an example request. */
export function TokenCreatedModal({ token, onClose }: TokenCreatedModalProps) {
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  const curl = token ? `curl -H "Authorization: Bearer ${token.token}" ${origin}/api/users/me` : '';
  return (
    <Modal
      opened={token !== null}
      onClose={onClose}
      title="Copy your new API token"
      size="lg"
      closeOnClickOutside={false}
    >
      {token && (
        <Stack>
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
            This is the only time the token is shown. Store it in your password manager or your
            script&apos;s secrets now.
          </Alert>
          <Group gap="xs" wrap="nowrap" align="stretch">
            <Code
              block
              style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
              data-testid="new-token"
            >
              {token.token}
            </Code>
            <CopyButton value={token.token}>
              {({ copied, copy }) => (
                <Button
                  onClick={copy}
                  color={copied ? 'teal' : undefined}
                  leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  style={{ alignSelf: 'center' }}
                >
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text size="sm" fw={500}>
            Try it:
          </Text>
          <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {curl}
          </Code>
          <Text size="xs" c="dimmed">
            Scripts send it as <Code>Authorization: Bearer …</Code>; the API is described at{' '}
            <Code>/api/docs</Code>.
          </Text>
          <Group justify="flex-end">
            <Button onClick={onClose}>I have stored it</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
