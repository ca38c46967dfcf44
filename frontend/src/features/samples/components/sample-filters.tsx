import { Chip, Group, SegmentedControl, Select } from '@mantine/core';
import type { Package } from '../../../api/types.ts';
import type { SampleFilters as Filters } from '../api.ts';

interface SampleFiltersProps {
  filters: Filters;
  packages: Package[];
  onChange: (filters: Filters) => void;
}

type Annotated = 'all' | 'yes' | 'no';

/** Annotated or not, one package, and the flags to review (tentative, bad quality, text in pixels). */
export function SampleFilters({ filters, packages, onChange }: SampleFiltersProps) {
  const annotated: Annotated =
    filters.annotated === undefined ? 'all' : filters.annotated ? 'yes' : 'no';
  return (
    <Group gap="sm" wrap="wrap">
      <SegmentedControl
        size="xs"
        value={annotated}
        onChange={(value) =>
          onChange({
            ...filters,
            annotated: value === 'all' ? undefined : value === 'yes',
          })
        }
        data={[
          { value: 'all', label: 'All' },
          { value: 'yes', label: 'Annotated' },
          { value: 'no', label: 'Not annotated' },
        ]}
        aria-label="Annotated"
      />
      <Select
        size="xs"
        w={170}
        placeholder="All packages"
        aria-label="Package"
        data={packages.map((pkg) => ({
          value: String(pkg.id),
          label: `Package #${pkg.number} (${pkg.sample_count})`,
        }))}
        value={filters.packageId ? String(filters.packageId) : null}
        onChange={(value) => onChange({ ...filters, packageId: value ? Number(value) : undefined })}
        clearable
        searchable
      />
      <Chip
        size="xs"
        checked={filters.tentative === true}
        onChange={(checked) => onChange({ ...filters, tentative: checked ? true : undefined })}
      >
        Tentative
      </Chip>
      <Chip
        size="xs"
        checked={filters.badQuality === true}
        onChange={(checked) => onChange({ ...filters, badQuality: checked ? true : undefined })}
      >
        Bad quality
      </Chip>
      <Chip
        size="xs"
        checked={filters.suspectedText === true}
        onChange={(checked) => onChange({ ...filters, suspectedText: checked ? true : undefined })}
      >
        Text found
      </Chip>
    </Group>
  );
}
