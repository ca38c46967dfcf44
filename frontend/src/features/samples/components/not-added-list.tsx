import { Alert, ScrollArea, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { NotAdded } from '../upload-store.ts';

/** The files that were not added, each with the server's reason. */
export function NotAddedList({ entries }: { entries: NotAdded[] }) {
  if (entries.length === 0) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={`${entries.length} ${entries.length === 1 ? 'file was' : 'files were'} not added`}
    >
      <ScrollArea.Autosize mah={220} type="auto">
        <Table verticalSpacing={4} fz="sm" aria-label="Files not added">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>File</Table.Th>
              <Table.Th>Reason</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((entry, index) => (
              <Table.Tr key={`${entry.filename}-${index}`}>
                <Table.Td maw={320}>
                  <Text size="sm" truncate="start" title={entry.filename} ta="left">
                    {entry.filename}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{entry.detail}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Alert>
  );
}
