import { Button, Group, Select, TextInput } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import { ACTION_FILTER_DATA } from '../actions.ts';
import type { AuditFilters as Filters } from '../hooks/use-audit-filters.ts';

interface AuditFiltersProps {
  filters: Filters;
  members: { value: string; label: string }[];
  onChange: (name: keyof Filters, value: string | null) => void;
  onClear: () => void;
  isFiltered: boolean;
}

/** Who, what and when: the filters of the audit trail (the action filter only for events). */
export function AuditFilters({
  filters,
  members,
  onChange,
  onClear,
  isFiltered,
}: AuditFiltersProps) {
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <Select
        label="Member"
        placeholder="Everyone"
        data={members}
        value={filters.user}
        onChange={(value) => onChange('user', value)}
        searchable
        clearable
        nothingFoundMessage="No member by that name"
        w={230}
      />
      {filters.view === 'events' && (
        <Select
          label="Action"
          placeholder="Every action"
          data={ACTION_FILTER_DATA}
          value={filters.action}
          onChange={(value) => onChange('action', value)}
          searchable
          clearable
          nothingFoundMessage="No such action"
          maxDropdownHeight={320}
          w={230}
        />
      )}
      <TextInput
        type="date"
        label="From"
        value={filters.from}
        max={filters.to || undefined}
        onChange={(event) => onChange('from', event.currentTarget.value || null)}
        w={160}
      />
      <TextInput
        type="date"
        label="Until"
        value={filters.to}
        min={filters.from || undefined}
        onChange={(event) => onChange('to', event.currentTarget.value || null)}
        w={160}
      />
      {isFiltered && (
        <Button variant="subtle" leftSection={<IconFilterOff size={16} />} onClick={onClear}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}
