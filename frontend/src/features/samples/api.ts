import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, unwrap, uploadWithProgress, type UploadProgress } from '../../api/client.ts';
import type { UploadResult } from '../../api/types.ts';
import { queryKeys } from '../../lib/query-keys.ts';
import { useGuardedMutation } from '../../lib/use-guarded-mutation.ts';

export const SAMPLES_PAGE_SIZE = 60;

export interface SampleFilters {
  annotated?: boolean;
  packageId?: number;
  tentative?: boolean;
  badQuality?: boolean;
  suspectedText?: boolean;
}

function filterQuery(filters: SampleFilters) {
  return {
    annotated: filters.annotated,
    package_id: filters.packageId,
    tentative: filters.tentative,
    bad_quality: filters.badQuality,
    suspected_text: filters.suspectedText,
  };
}

/** How many of the set's samples match the filters: the grid's total. */
export function useSampleCount(setId: number, filters: SampleFilters) {
  return useQuery({
    queryKey: [...queryKeys.setSamples(setId), filters, 'count'] as const,
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/sets/{set_id}/samples/count', {
            params: { path: { set_id: setId }, query: filterQuery(filters) },
          }),
        )
      ).count,
    enabled: Number.isFinite(setId),
  });
}

/** Page `page` of the filtered samples (SAMPLES_PAGE_SIZE each), read by position: a grid that
 * jumps loads only the pages it shows. */
export function samplePageQuery(setId: number, filters: SampleFilters, page: number) {
  return {
    queryKey: [...queryKeys.setSamples(setId), filters, 'page', page] as const,
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/sets/{set_id}/samples', {
            params: {
              path: { set_id: setId },
              query: {
                ...filterQuery(filters),
                limit: SAMPLES_PAGE_SIZE,
                offset: page * SAMPLES_PAGE_SIZE,
              },
            },
          }),
        )
      ).items,
    staleTime: 30_000,
  };
}

/** Where sample #`number` (or the next one after it) is among the filtered samples (0-based). */
export async function positionOfNumber(
  setId: number,
  filters: SampleFilters,
  number: number,
): Promise<number> {
  const answer = await unwrap(
    api.GET('/api/sets/{set_id}/samples/count', {
      params: { path: { set_id: setId }, query: { ...filterQuery(filters), below_number: number } },
    }),
  );
  return answer.count;
}

/** What new or removed samples change: the grid, the packages, the counts. */
export function refreshAfterSamplesChange(queryClient: QueryClient, setId: number) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.setSamples(setId) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.setPackages(setId) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.setStats(setId) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.set(setId), exact: true });
  void queryClient.invalidateQueries({ queryKey: queryKeys.myPackages });
  void queryClient.invalidateQueries({ queryKey: queryKeys.overview });
  void queryClient.invalidateQueries({
    predicate: (query) =>
      query.queryKey[0] === 'groups' &&
      (query.queryKey[2] === 'stats' || query.queryKey[2] === 'sets'),
  });
}

const BY_SAMPLE = (sampleId: number) => sampleId;

export function useDeleteSample(setId: number) {
  const queryClient = useQueryClient();
  return useGuardedMutation(
    {
      mutationFn: (sampleId: number) =>
        unwrap(
          api.DELETE('/api/samples/{sample_id}', { params: { path: { sample_id: sampleId } } }),
        ),
      onSuccess: () => refreshAfterSamplesChange(queryClient, setId),
    },
    { key: BY_SAMPLE },
  );
}

/** Sends one request's files (each named by its relative path) with upload progress. */
export function uploadSamples(
  setId: number,
  files: { file: File; name: string }[],
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<UploadResult> {
  const body = new FormData();
  for (const { file, name } of files) body.append('files', file, name);
  return uploadWithProgress<UploadResult>(`/api/sets/${setId}/samples`, body, onProgress, signal);
}
