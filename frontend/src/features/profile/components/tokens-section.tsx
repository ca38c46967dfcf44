import { ActionIcon, Badge, Paper, Stack, Table, Text, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { ApiToken, CreatedApiToken } from '../../../api/types.ts';
import { PageLoader } from '../../../components/page-loader.tsx';
import { QueryError } from '../../../components/query-error.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { formatDate, formatRelative } from '../../../lib/format.ts';
import { useRevokeToken, useTokens } from '../api.ts';
import { CreateTokenForm } from './create-token-form.tsx';
import { TokenCreatedModal } from './token-created-modal.tsx';

function isExpired(token: ApiToken): boolean {
  return token.expires_at !== null && new Date(token.expires_at).getTime() <= Date.now();
}

/** Personal API tokens for scripts: create (shown once), list with last use, revoke. */
export function TokensSection() {
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [created, setCreated] = useState<CreatedApiToken | null>(null);

  const confirmRevoke = (token: ApiToken) =>
    modals.openConfirmModal({
      title: `Revoke “${token.name}”?`,
      children: (
        <Text size="sm">Scripts using this token stop working at once. This cannot be undone.</Text>
      ),
      labels: { confirm: 'Revoke', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        revoke.mutate(token.id, {
          onSuccess: () => notifications.show({ message: `Token “${token.name}” revoked.` }),
          onError: (error) =>
            notifications.show({
              color: 'red',
              title: 'Not revoked',
              message: errorMessage(error),
            }),
        }),
    });

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Tokens let scripts use the API as you (uploads, exports). Treat them like passwords.
      </Text>
      <CreateTokenForm onCreated={setCreated} />
      {tokens.isPending ? (
        <PageLoader />
      ) : tokens.isError ? (
        <QueryError error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          You have no API tokens. Create one above when a script needs to reach TagMedX.
        </Text>
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={600}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th w={48} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.map((token) => (
                  <Table.Tr key={token.id}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {token.name}
                      </Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {token.token_prefix}…
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDate(token.created_at)}</Text>
                    </Table.Td>
                    <Table.Td>
                      {isExpired(token) ? (
                        <Badge color="gray" variant="light">
                          Expired
                        </Badge>
                      ) : (
                        <Text size="sm">
                          {token.expires_at ? formatDate(token.expires_at) : 'Never'}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatRelative(token.last_used_at)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label="Revoke">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Revoke ${token.name}`}
                          onClick={() => confirmRevoke(token)}
                        >
                          <IconTrash size={18} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <TokenCreatedModal token={created} onClose={() => setCreated(null)} />
    </Stack>
  );
}
