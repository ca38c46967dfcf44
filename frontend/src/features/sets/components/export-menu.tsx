import { Button, Popover, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { apiUrl } from '../../../api/client.ts';

type Scope = 'ready' | 'all';

const FORMATS = [
  { value: 'coco', label: 'COCO', hint: 'JSON' },
  { value: 'yolo', label: 'YOLO', hint: 'ZIP' },
  { value: 'voc', label: 'Pascal VOC', hint: 'ZIP' },
  { value: 'csv', label: 'CSV', hint: 'table' },
] as const;

/** The address of a set's export: a plain link downloads it (the session cookie authenticates GETs). */
function exportUrl(setId: number, format: string, scope: Scope): string {
  const query = new URLSearchParams({ format, scope });
  return apiUrl(`/api/sets/${setId}/export?${query.toString()}`);
}

/** Download the set's annotations as COCO, YOLO, Pascal VOC or CSV, of ready packages or of everything. */
export function ExportMenu({ setId }: { setId: number }) {
  const [scope, setScope] = useState<Scope>('ready');
  return (
    <Popover position="bottom-end" shadow="md" width={300} withArrow>
      <Popover.Target>
        <Button variant="default" leftSection={<IconDownload size={16} />}>
          Export
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm">
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              Which annotations
            </Text>
            <SegmentedControl
              fullWidth
              size="xs"
              value={scope}
              onChange={(value) => setScope(value as Scope)}
              data={[
                { value: 'ready', label: 'Ready packages' },
                { value: 'all', label: 'Everything' },
              ]}
              aria-label="Export scope"
            />
            <Text size="xs" c="dimmed">
              {scope === 'ready'
                ? 'Only packages their annotator marked ready.'
                : 'Every sample, also unfinished packages.'}
            </Text>
          </Stack>
          <Stack gap={6}>
            {FORMATS.map((format) => (
              <Button
                key={format.value}
                component="a"
                href={exportUrl(setId, format.value, scope)}
                download
                variant="light"
                size="sm"
                fullWidth
                justify="space-between"
                leftSection={<IconDownload size={14} />}
                rightSection={
                  <Text span size="xs" c="dimmed">
                    {format.hint}
                  </Text>
                }
              >
                {format.label}
              </Button>
            ))}
          </Stack>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
