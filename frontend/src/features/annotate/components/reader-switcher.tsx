import { Select } from '@mantine/core';
import type { Examination } from '../../../api/types.ts';

interface ReaderSwitcherProps {
  examinations: readonly Examination[];
  myUserId: number;
  readerId: number | null;
  onChange: (readerId: number | null) => void;
}

function roleName(role: string | null | undefined): string {
  if (role === 'admin') return 'admin';
  if (role === 'annotator') return 'annotator';
  return 'left the group';
}

/** Admins: whose reading of this sample is shown (another reader's is read-only). */
export function ReaderSwitcher({
  examinations,
  myUserId,
  readerId,
  onChange,
}: ReaderSwitcherProps) {
  const others = examinations.filter((examination) => examination.user_id !== myUserId);
  const data = [
    { value: 'me', label: 'My reading (editable)' },
    ...others.map((examination) => ({
      value: String(examination.user_id),
      label: `${examination.author.name} ${examination.author.surname} (${roleName(examination.author.role)})${
        examination.tentative ? ' · tentative' : ''
      }`,
    })),
  ];
  return (
    <Select
      label="Reader"
      description={
        others.length === 0
          ? 'Nobody else has examined this sample yet.'
          : `${others.length} other reader${others.length === 1 ? '' : 's'} examined this sample.`
      }
      size="xs"
      data={data}
      value={readerId === null ? 'me' : String(readerId)}
      onChange={(value) => {
        (document.activeElement as HTMLElement | null)?.blur();
        onChange(!value || value === 'me' ? null : Number(value));
      }}
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
