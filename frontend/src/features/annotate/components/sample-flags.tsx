import { Group, Kbd, Stack, Switch, Textarea } from '@mantine/core';
import type { Reading } from '../reading.ts';

interface SampleFlagsProps {
  reading: Reading;
  readOnly: boolean;
  onChange: (patch: Partial<Reading>) => void;
}

/** The sample's flags (tentative, bad quality) with their keys, and the sample's comment. */
export function SampleFlags({ reading, readOnly, onChange }: SampleFlagsProps) {
  return (
    <Stack gap={8}>
      <Group justify="space-between" wrap="nowrap">
        <Switch
          label="Tentative"
          description="Unsure: an admin may review it"
          checked={reading.tentative}
          disabled={readOnly}
          onChange={(event) => onChange({ tentative: event.currentTarget.checked })}
          size="sm"
        />
        <Kbd size="xs" style={{ flexShrink: 0 }}>
          T
        </Kbd>
      </Group>
      <Group justify="space-between" wrap="nowrap">
        <Switch
          label="Bad quality"
          description="The image is hard to read"
          checked={reading.badQuality}
          disabled={readOnly}
          onChange={(event) => onChange({ badQuality: event.currentTarget.checked })}
          color="orange"
          size="sm"
        />
        <Kbd size="xs" style={{ flexShrink: 0 }}>
          Q
        </Kbd>
      </Group>
      <Textarea
        label="Comment on this image"
        placeholder={readOnly ? 'No comment' : 'Findings, doubts, anything for the reviewer'}
        value={reading.comment}
        readOnly={readOnly}
        autosize
        minRows={1}
        maxRows={5}
        size="xs"
        onChange={(event) => onChange({ comment: event.currentTarget.value })}
      />
    </Stack>
  );
}
