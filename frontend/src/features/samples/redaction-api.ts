import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { MaskRegion, Sample } from '../../api/types.ts';
import { queryKeys } from '../../lib/query-keys.ts';
import { useGuardedMutation } from '../../lib/use-guarded-mutation.ts';

/** Below the shared `['samples', id]` prefix, so a change to the sample refreshes it too. */
export const textRegionsKey = (sampleId: number) => ['samples', sampleId, 'text-regions'] as const;

/** While the scanner has not read the sample yet, ask again this often. */
export const PENDING_POLL_MS = 3000;

/** Where OCR found text in a sample's pixels (admins). Polls while the scan is pending. */
export function useTextRegions(sampleId: number, enabled: boolean) {
  return useQuery({
    queryKey: textRegionsKey(sampleId),
    queryFn: () =>
      unwrap(
        api.GET('/api/samples/{sample_id}/text-regions', {
          params: { path: { sample_id: sampleId } },
        }),
      ),
    enabled: enabled && Number.isFinite(sampleId),
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? PENDING_POLL_MS : false),
  });
}

function useRefreshSample(setId: number) {
  const queryClient = useQueryClient();
  return (sample: Pick<Sample, 'id'>) => {
    void queryClient.invalidateQueries({ queryKey: ['samples', sample.id] });
    void queryClient.invalidateQueries({ queryKey: queryKeys.setSamples(setId) });
  };
}

/** Masks rectangles of the stored pixels; the sample comes back with a new pixel revision. */
export function useMaskSample(setId: number, sampleId: number) {
  const refresh = useRefreshSample(setId);
  return useGuardedMutation({
    mutationFn: (regions: MaskRegion[]) =>
      unwrap(
        api.POST('/api/samples/{sample_id}/mask', {
          params: { path: { sample_id: sampleId } },
          body: { regions },
        }),
      ),
    onSuccess: refresh,
  });
}

/** Queues the sample for another OCR scan (after a failed one). */
export function useScanAgain(setId: number, sampleId: number) {
  const refresh = useRefreshSample(setId);
  return useGuardedMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/samples/{sample_id}/text-regions/scan', {
          params: { path: { sample_id: sampleId } },
        }),
      ),
    onSuccess: () => refresh({ id: sampleId }),
  });
}
