import { ActionIcon, ColorSwatch, Group, Kbd, Table, Text, Tooltip } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import type { Label } from '../../../api/types.ts';

interface LabelsTableProps {
  labels: Label[];
  /** Shows the edit and delete buttons (the caller is an admin of the set's group). */
  canEdit: boolean;
  onEdit: (label: Label) => void;
  onDelete: (label: Label) => void;
}

/** The set's labels: colour, name, description and shortcut key. */
export function LabelsTable({ labels, canEdit, onEdit, onDelete }: LabelsTableProps) {
  return (
    <Table verticalSpacing="xs" highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={56}>Colour</Table.Th>
          <Table.Th>Name</Table.Th>
          <Table.Th>Description</Table.Th>
          <Table.Th w={90}>Shortcut</Table.Th>
          {canEdit && <Table.Th w={90} aria-label="Actions" />}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {labels.map((label) => (
          <Table.Tr key={label.id}>
            <Table.Td>
              <ColorSwatch color={label.color} size={22} aria-label={`Colour ${label.color}`} />
            </Table.Td>
            <Table.Td>
              <Text fw={500} size="sm">
                {label.name}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" c={label.description ? undefined : 'dimmed'} lineClamp={2}>
                {label.description || '—'}
              </Text>
            </Table.Td>
            <Table.Td>
              {label.shortcut ? (
                <Kbd>{label.shortcut}</Kbd>
              ) : (
                <Text size="sm" c="dimmed">
                  none
                </Text>
              )}
            </Table.Td>
            {canEdit && (
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Tooltip label="Edit">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Edit ${label.name}`}
                      onClick={() => onEdit(label)}
                    >
                      <IconPencil size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Delete">
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Delete ${label.name}`}
                      onClick={() => onDelete(label)}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
