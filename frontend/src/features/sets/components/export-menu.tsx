import { Button, Checkbox, Popover, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { apiUrl } from '../../../api/client.ts';
import type { SetType } from '../../../api/types.ts';
import { FormError } from '../../../components/form-error.tsx';
import { useExportCheck, type ExportOptions } from '../api.ts';

type Scope = ExportOptions['scope'];
type Format = ExportOptions['format'];

const FORMATS: { value: Format; label: string; hint: string; needsBoxes: boolean }[] = [
  { value: 'coco', label: 'COCO', hint: 'JSON', needsBoxes: false },
  { value: 'yolo', label: 'YOLO', hint: 'ZIP', needsBoxes: true },
  { value: 'voc', label: 'Pascal VOC', hint: 'ZIP', needsBoxes: true },
  { value: 'csv', label: 'CSV', hint: 'table', needsBoxes: false },
];

/** The address of a set's export: the browser downloads it (the session cookie authenticates GETs). */
function exportUrl(setId: number, options: ExportOptions): string {
  const query = new URLSearchParams({
    format: options.format,
    scope: options.scope,
    images: String(options.images),
  });
  return apiUrl(`/api/sets/${setId}/export?${query.toString()}`);
}

/** Hands the address to the browser's own download, which streams to disk however large the ZIP. */
function startDownload(url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * Download the set's annotations as COCO, YOLO, Pascal VOC or CSV (YOLO and VOC describe boxes, so
 * only for detection sets), of ready packages or of everything, with or without the images. The
 * export is checked first: a refusal is shown here instead of being saved as the download.
 */
export function ExportMenu({ setId, setType }: { setId: number; setType: SetType }) {
  const [scope, setScope] = useState<Scope>('ready');
  const [images, setImages] = useState(false);
  const check = useExportCheck(setId);
  const formats = FORMATS.filter((format) => setType === 'detection' || !format.needsBoxes);

  function download(format: Format) {
    const options = { format, scope, images };
    check.mutate(options, { onSuccess: () => startDownload(exportUrl(setId, options)) });
  }

  return (
    <Popover position="bottom-end" shadow="md" width={320} withArrow onClose={() => check.reset()}>
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
          <Checkbox
            label="Include images"
            description="One ZIP with every image at the size the coordinates are in (DICOM as PNG)."
            checked={images}
            onChange={(event) => setImages(event.currentTarget.checked)}
          />
          {setType === 'classification' && (
            <Text size="xs" c="dimmed">
              YOLO and Pascal VOC describe boxes: a classification set exports as COCO or CSV.
            </Text>
          )}
          <FormError error={check.error} />
          <Stack gap={6}>
            {formats.map((format) => (
              <Button
                key={format.value}
                variant="light"
                size="sm"
                fullWidth
                justify="space-between"
                leftSection={<IconDownload size={14} />}
                loading={check.isPending && check.variables.format === format.value}
                disabled={check.isPending}
                onClick={() => download(format.value)}
                rightSection={
                  <Text span size="xs" c="dimmed">
                    {images ? 'ZIP' : format.hint}
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
