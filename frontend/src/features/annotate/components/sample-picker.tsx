import { ActionIcon, Group, Select, Tooltip } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import type { PackageDetail } from '../../../api/types.ts';

interface SamplePickerProps {
  pkg: PackageDetail;
  sampleId: number;
  onGo: (sampleId: number) => void;
}

/** Previous, the package's samples to pick from, next. */
export function SamplePicker({ pkg, sampleId, onGo }: SamplePickerProps) {
  const index = pkg.samples.findIndex((sample) => sample.id === sampleId);
  const total = pkg.samples.length;
  const previous = index > 0 ? pkg.samples[index - 1] : undefined;
  const next = index >= 0 && index < total - 1 ? pkg.samples[index + 1] : undefined;
  return (
    <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
      <Tooltip label="Previous sample (PageUp or Alt+←)">
        <ActionIcon
          variant="default"
          size="lg"
          aria-label="Previous sample"
          disabled={!previous}
          onClick={() => previous && onGo(previous.id)}
        >
          <IconChevronLeft size={18} />
        </ActionIcon>
      </Tooltip>
      <Select
        aria-label="Sample"
        size="sm"
        w={280}
        searchable
        allowDeselect={false}
        value={String(sampleId)}
        data={pkg.samples.map((sample, position) => ({
          value: String(sample.id),
          label: `${position + 1}/${total} · ${sample.filename}${sample.annotated_by_me ? '  ✓' : ''}`,
        }))}
        onChange={(value) => {
          // Back to the page's keys at once: the picker keeps no focus after a choice.
          (document.activeElement as HTMLElement | null)?.blur();
          if (value) onGo(Number(value));
        }}
        comboboxProps={{ withinPortal: true }}
        maxDropdownHeight={360}
      />
      <Tooltip label="Next sample (PageDown or Alt+→)">
        <ActionIcon
          variant="default"
          size="lg"
          aria-label="Next sample"
          disabled={!next}
          onClick={() => next && onGo(next.id)}
        >
          <IconChevronRight size={18} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
