import { Select } from '@mantine/core';
import type { Member, Package } from '../../../api/types.ts';
import { fullName } from '../../../lib/format.ts';

const UNASSIGNED = 'none';

interface AssigneeSelectProps {
  pkg: Package;
  members: Member[];
  onChange: (assigneeId: number | null) => void;
  disabled?: boolean;
}

/** The admin's picker of who works on a package, with "Unassigned". */
export function AssigneeSelect({ pkg, members, onChange, disabled }: AssigneeSelectProps) {
  const data = [
    { value: UNASSIGNED, label: 'Unassigned' },
    ...members.map((member) => ({ value: String(member.user_id), label: fullName(member) })),
  ];
  if (pkg.assignee_id && !members.some((member) => member.user_id === pkg.assignee_id)) {
    const name = pkg.assignee
      ? `${pkg.assignee.name} ${pkg.assignee.surname}`
      : `User ${pkg.assignee_id}`;
    data.push({ value: String(pkg.assignee_id), label: name });
  }
  return (
    <Select
      size="xs"
      w={200}
      data={data}
      value={pkg.assignee_id ? String(pkg.assignee_id) : UNASSIGNED}
      onChange={(value) => {
        const next = !value || value === UNASSIGNED ? null : Number(value);
        if (next !== pkg.assignee_id) onChange(next);
      }}
      allowDeselect={false}
      searchable
      disabled={disabled}
      aria-label={`Assignee of package ${pkg.number}`}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
