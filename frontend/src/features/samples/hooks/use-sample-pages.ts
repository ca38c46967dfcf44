import { useQueries } from '@tanstack/react-query';
import type { Sample } from '../../../api/types.ts';
import { SAMPLES_PAGE_SIZE, samplePageQuery, type SampleFilters } from '../api.ts';

/** The pages holding positions `first`..`last` (inclusive), loaded; `at(position)` once they are. */
export function useSamplePages(setId: number, filters: SampleFilters, first: number, last: number) {
  const pages: number[] = [];
  if (last >= first) {
    for (
      let page = Math.floor(first / SAMPLES_PAGE_SIZE);
      page <= Math.floor(last / SAMPLES_PAGE_SIZE);
      page++
    ) {
      pages.push(page);
    }
  }
  const results = useQueries({
    queries: pages.map((page) => samplePageQuery(setId, filters, page)),
  });
  const loaded = new Map<number, Sample[]>();
  pages.forEach((page, index) => {
    const items = results[index]?.data;
    if (items) loaded.set(page, items);
  });
  const failed = results.find((result) => result.isError)?.error ?? null;
  const at = (position: number): Sample | undefined =>
    loaded.get(Math.floor(position / SAMPLES_PAGE_SIZE))?.[position % SAMPLES_PAGE_SIZE];
  return { at, failed };
}
