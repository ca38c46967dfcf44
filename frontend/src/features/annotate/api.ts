import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/api-error.ts';
import { api, unwrap } from '../../api/client.ts';
import type { Examination, PackageDetail, Sample } from '../../api/types.ts';
import { queryKeys } from '../../lib/query-keys.ts';
import { fetchMedia } from './media.ts';
import type { ExaminationBody } from './reading.ts';

/** Keys of what the editor caches per sample (below the shared `['samples', id]` prefix). */
export const annotateKeys = {
  sample: (sampleId: number) => ['samples', sampleId] as const,
  media: (sampleId: number) => ['samples', sampleId, 'media'] as const,
  examination: (sampleId: number) => ['samples', sampleId, 'examination'] as const,
  examinations: (sampleId: number) => ['samples', sampleId, 'examinations'] as const,
};

const MEDIA_STALE = Infinity; // a sample's image never changes
const MEDIA_GC = 3 * 60_000;

function sampleQuery(sampleId: number) {
  return {
    queryKey: annotateKeys.sample(sampleId),
    queryFn: () =>
      unwrap(api.GET('/api/samples/{sample_id}', { params: { path: { sample_id: sampleId } } })),
    staleTime: 5 * 60_000,
  };
}

function mediaQuery(sample: Pick<Sample, 'id' | 'format' | 'pixel_revision'>) {
  return {
    // The pixel revision grows when the image is masked: then the media are other bytes.
    queryKey: [...annotateKeys.media(sample.id), sample.pixel_revision] as const,
    queryFn: ({ signal }: { signal?: AbortSignal }) =>
      fetchMedia(sample.id, sample.format, signal, sample.pixel_revision),
    staleTime: MEDIA_STALE,
    gcTime: MEDIA_GC,
  };
}

/** My examination of a sample, or null when I have not examined it yet. */
export async function fetchMyExamination(sampleId: number): Promise<Examination | null> {
  try {
    return await unwrap(
      api.GET('/api/samples/{sample_id}/examination', {
        params: { path: { sample_id: sampleId } },
      }),
    );
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

function examinationQuery(sampleId: number) {
  return {
    queryKey: annotateKeys.examination(sampleId),
    queryFn: () => fetchMyExamination(sampleId),
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  };
}

/** The package with its samples (ordered by id) and which of them I have examined. */
export function usePackage(packageId: number) {
  return useQuery({
    queryKey: queryKeys.package(packageId),
    queryFn: () =>
      unwrap(
        api.GET('/api/packages/{package_id}', { params: { path: { package_id: packageId } } }),
      ),
    enabled: Number.isFinite(packageId),
  });
}

export function useSample(sampleId: number) {
  return useQuery({ ...sampleQuery(sampleId), enabled: Number.isFinite(sampleId) });
}

/** The decoded image (and DICOM pixels) of a sample; cached so going back is instant. */
export function useSampleMedia(sample: Sample | undefined) {
  return useQuery({
    ...mediaQuery(sample ?? { id: NaN, format: 'png', pixel_revision: 0 }),
    enabled: sample !== undefined,
    retry: 1,
  });
}

export function useMyExamination(sampleId: number) {
  return useQuery({ ...examinationQuery(sampleId), enabled: Number.isFinite(sampleId) });
}

/** Every reader's examination of a sample (admins only). */
export function useExaminations(sampleId: number, enabled: boolean) {
  return useQuery({
    queryKey: annotateKeys.examinations(sampleId),
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/samples/{sample_id}/examinations', {
            params: { path: { sample_id: sampleId }, query: { limit: 1000 } },
          }),
        )
      ).items,
    enabled: enabled && Number.isFinite(sampleId),
    staleTime: 15_000,
  });
}

/** Loads a sample, its image or pixels and my examination into the cache, so opening it is instant. */
export async function prefetchSample(queryClient: QueryClient, sampleId: number): Promise<void> {
  try {
    const sample = await queryClient.ensureQueryData(sampleQuery(sampleId));
    await Promise.all([
      queryClient.prefetchQuery(mediaQuery(sample)),
      queryClient.prefetchQuery(examinationQuery(sampleId)),
    ]);
  } catch {
    // A prefetch is a hint: the sample's own page shows any error when it is opened.
  }
}

/**
 * Saves my reading. The API checks `version`; a first save sends version 0 ("create only"), so a
 * reading created meanwhile elsewhere (another tab or device) is a 409, never silently replaced.
 */
export async function putExamination(
  sampleId: number,
  body: ExaminationBody,
): Promise<Examination> {
  return unwrap(
    api.PUT('/api/samples/{sample_id}/examination', {
      params: { path: { sample_id: sampleId } },
      body: { ...body, version: body.version ?? 0 },
    }),
  );
}

/** Keeps the caches in step with a saved examination: the sample's reading and the package's progress. */
export function useRecordSaved(packageId: number) {
  const queryClient = useQueryClient();
  return (examination: Examination) => {
    queryClient.setQueryData(annotateKeys.examination(examination.sample_id), examination);
    queryClient.setQueryData<PackageDetail>(queryKeys.package(packageId), (pkg) => {
      if (!pkg) return pkg;
      const sample = pkg.samples.find((item) => item.id === examination.sample_id);
      if (!sample || sample.annotated_by_me) return pkg;
      const samples = pkg.samples.map((item) =>
        item.id === examination.sample_id ? { ...item, annotated_by_me: true } : item,
      );
      const next = samples.find((item) => !item.annotated_by_me);
      return { ...pkg, samples, first_unannotated_sample_id: next ? next.id : null };
    });
    void queryClient.invalidateQueries({
      queryKey: annotateKeys.examinations(examination.sample_id),
    });
    void queryClient.invalidateQueries({ queryKey: queryKeys.myPackages });
    void queryClient.invalidateQueries({ queryKey: queryKeys.set(examination.set_id) });
  };
}

/** Marks the package ready (or not ready again). */
export function useSetPackageReady(packageId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (isReady: boolean) =>
      unwrap(
        api.PATCH('/api/packages/{package_id}', {
          params: { path: { package_id: packageId } },
          body: { is_ready: isReady },
        }),
      ),
    onSuccess: (pkg) => {
      queryClient.setQueryData<PackageDetail>(queryKeys.package(packageId), (old) =>
        old ? { ...old, is_ready: pkg.is_ready, status: pkg.status } : old,
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.package(packageId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.myPackages });
      void queryClient.invalidateQueries({ queryKey: queryKeys.setPackages(pkg.set_id) });
    },
  });
}
