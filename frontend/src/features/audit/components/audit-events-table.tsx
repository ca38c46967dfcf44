import { Anchor, Badge, Stack, Table, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import { actionColor, actionName } from '../actions.ts';
import type { AuditEvent } from '../api.ts';
import { detailEntries, eventObject, type AuditNames, type EventObject } from '../describe.ts';
import { formatLocalTime, formatUtcTime } from '../format-time.ts';
import { EventDetail } from './event-detail.tsx';

interface AuditEventsTableProps {
  events: AuditEvent[];
  names: AuditNames;
}

function Who({ event }: { event: AuditEvent }) {
  if (event.user) {
    return (
      <Stack gap={0}>
        <Text size="sm">
          {event.user.name} {event.user.surname}
        </Text>
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {event.user.email}
        </Text>
      </Stack>
    );
  }
  return (
    <Text size="sm" c="dimmed">
      {event.user_id === null ? 'Nobody signed in' : `Deleted account #${event.user_id}`}
    </Text>
  );
}

function ObjectCell({ object }: { object: EventObject | null }) {
  if (!object) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  if (object.to) {
    return (
      <Anchor component={Link} to={object.to} size="sm" style={{ overflowWrap: 'anywhere' }}>
        {object.text}
      </Anchor>
    );
  }
  return (
    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
      {object.text}
    </Text>
  );
}

/** The audit trail as a table: time, who, action, object and details. Read-only. */
export function AuditEventsTable({ events, names }: AuditEventsTableProps) {
  return (
    <Table.ScrollContainer minWidth={880}>
      <Table verticalSpacing="xs" highlightOnHover aria-label="Audit trail">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={130}>Time</Table.Th>
            <Table.Th w={220}>Who</Table.Th>
            <Table.Th w={190}>Action</Table.Th>
            <Table.Th w={220}>Object</Table.Th>
            <Table.Th>Details</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => {
            const object = eventObject(event.object_type, event.object_id, event.detail, names);
            const [day, clock] = formatLocalTime(event.at);
            return (
              <Table.Tr key={event.id} data-testid="audit-row">
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <Tooltip label={formatUtcTime(event.at)} withArrow openDelay={200}>
                    <Text size="sm" component="time" dateTime={event.at} display="block">
                      {day}
                      <Text span display="block" size="xs" c="dimmed">
                        {clock}
                      </Text>
                    </Text>
                  </Tooltip>
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <Who event={event} />
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <Tooltip label={event.action} withArrow openDelay={400}>
                    <Badge variant="light" color={actionColor(event.action)} tt="none" radius="sm">
                      {actionName(event.action)}
                    </Badge>
                  </Tooltip>
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <ObjectCell object={object} />
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <EventDetail entries={detailEntries(event.detail, names, object?.shows)} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
