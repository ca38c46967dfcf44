import { Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { components } from '../../../api/schema';
import { FormError } from '../../../components/form-error.tsx';
import { useUpdateGroup } from '../api.ts';

type DicomDates = components['schemas']['DicomDates'];

const CHOICES: { value: DicomDates; label: string; description: string }[] = [
  {
    value: 'remove',
    label: 'Remove dates (Basic Profile)',
    description:
      'Study, series, acquisition and content dates are removed, emptied or replaced by a dummy.',
  },
  {
    value: 'shift',
    label: 'Shift dates per patient (keeps intervals)',
    description:
      "Every date of a patient moves back by the same number of days, so the time between a patient's " +
      'studies stays exact (DICOM PS3.15 Modified Dates option). The birth date is still removed.',
  },
];

/** Admins: what de-identification does with the dates of the group's DICOM uploads. */
export function DicomDatesCard({ groupId, value }: { groupId: number; value: DicomDates }) {
  const update = useUpdateGroup(groupId);
  const choose = (next: string) =>
    update.mutate(
      { dicom_dates: next as DicomDates },
      {
        onSuccess: () =>
          notifications.show({ color: 'teal', message: 'Saved: applies to the next uploads.' }),
      },
    );
  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <Title order={4}>DICOM dates</Title>
        <Text size="sm" c="dimmed">
          Uploads are de-identified with DICOM PS3.15&apos;s Basic Application Level Confidentiality
          Profile. A change applies to images uploaded afterwards.
        </Text>
        <Radio.Group value={value} onChange={choose} aria-label="DICOM dates">
          <Stack gap="xs">
            {CHOICES.map((choice) => (
              <Radio
                key={choice.value}
                value={choice.value}
                label={choice.label}
                description={choice.description}
                disabled={update.isPending}
              />
            ))}
          </Stack>
        </Radio.Group>
        <FormError error={update.error} />
      </Stack>
    </Paper>
  );
}
