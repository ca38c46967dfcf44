import { useSearchParams } from 'react-router';
import type { SampleFilters } from '../api.ts';

function readBoolean(value: string | null): boolean | undefined {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** The grid's filters, kept in the address so "back" from the editor finds them again. */
export function useSampleFilters(): [SampleFilters, (filters: SampleFilters) => void] {
  const [params, setParams] = useSearchParams();
  const packageId = Number(params.get('package'));
  const filters: SampleFilters = {
    annotated: readBoolean(params.get('annotated')),
    packageId: Number.isInteger(packageId) && packageId > 0 ? packageId : undefined,
    tentative: readBoolean(params.get('tentative')),
    badQuality: readBoolean(params.get('bad_quality')),
    suspectedText: readBoolean(params.get('suspected_text')),
  };
  const setFilters = (next: SampleFilters) => {
    const query = new URLSearchParams();
    if (next.annotated !== undefined) query.set('annotated', String(next.annotated));
    if (next.packageId !== undefined) query.set('package', String(next.packageId));
    if (next.tentative !== undefined) query.set('tentative', String(next.tentative));
    if (next.badQuality !== undefined) query.set('bad_quality', String(next.badQuality));
    if (next.suspectedText !== undefined) query.set('suspected_text', String(next.suspectedText));
    setParams(query, { replace: true });
  };
  return [filters, setFilters];
}
