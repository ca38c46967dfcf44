import {
  useInfiniteQuery,
  useMutation,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { api, unwrap, uploadWithProgress, type UploadProgress } from '../../api/client.ts';
import type { UploadResult } from '../../api/types.ts';
import { queryKeys } from '../../lib/query-keys.ts';

export const SAMPLES_PAGE_SIZE = 60;

export interface SampleFilters {
  annotated?: boolean;
  packageId?: number;
  tentative?: boolean;
  badQuality?: boolean;
  suspectedText?: boolean;
}

/** The set's samples, a page at a time (`fetchNextPage` follows `next_cursor`). */
export function useSamples(setId: number, filters: SampleFilters) {
  return useInfiniteQuery({
    queryKey: [...queryKeys.setSamples(setId), filters] as const,
    queryFn: async ({ pageParam }) =>
      unwrap(
        api.GET('/api/sets/{set_id}/samples', {
          params: {
            path: { set_id: setId },
            query: {
              limit: SAMPLES_PAGE_SIZE,
              cursor: pageParam ?? undefined,
              annotated: filters.annotated,
              package_id: filters.packageId,
              tentative: filters.tentative,
              bad_quality: filters.badQuality,
              suspected_text: filters.suspectedText,
            },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled: Number.isFinite(setId),
  });
}

/** What new or removed samples change: the grid, the packages, the counts. */
export function refreshAfterSamplesChange(queryClient: QueryClient, setId: number) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.setSamples(setId) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.setPackages(setId) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.setStats(setId) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.set(setId), exact: true });
  void queryClient.invalidateQueries({ queryKey: queryKeys.myPackages });
  void queryClient.invalidateQueries({
    predicate: (query) =>
      query.queryKey[0] === 'groups' &&
      (query.queryKey[2] === 'stats' || query.queryKey[2] === 'sets'),
  });
}

export function useDeleteSample(setId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sampleId: number) =>
      unwrap(api.DELETE('/api/samples/{sample_id}', { params: { path: { sample_id: sampleId } } })),
    onSuccess: () => refreshAfterSamplesChange(queryClient, setId),
  });
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
