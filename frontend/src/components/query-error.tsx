import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { errorMessage } from '../lib/errors.ts';

interface QueryErrorProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}

/** A failed load: the API's message and a retry button. */
export function QueryError({ error, title = 'Could not load this', onRetry }: QueryErrorProps) {
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle size={18} />}>
      <Group justify="space-between" wrap="nowrap" gap="md">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Group>
    </Alert>
  );
}
