import { apiUrl } from '../../api/client.ts';
import { toApiError } from '../../api/api-error.ts';
import type { PixelData } from '../../editor-core/index.ts';
import { revisedPath } from '../../lib/revised-path.ts';

type PixelArray = PixelData['data'];

/** What the editor draws for one sample: a decoded display image, and for DICOM the full-depth pixels. */
export interface SampleMedia {
  image: ImageBitmap | HTMLImageElement | null;
  pixels: PixelData | null;
}

const ARRAYS: Record<
  string,
  { bytes: number; make: (buffer: ArrayBuffer, count: number) => PixelArray }
> = {
  uint16: { bytes: 2, make: (buffer, count) => new Uint16Array(buffer, 0, count) },
  int16: { bytes: 2, make: (buffer, count) => new Int16Array(buffer, 0, count) },
  float32: { bytes: 4, make: (buffer, count) => new Float32Array(buffer, 0, count) },
  uint8: { bytes: 1, make: (buffer, count) => new Uint8Array(buffer, 0, count) },
};

function numberHeader(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

async function failure(response: Response): Promise<never> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  throw toApiError(response.status, body);
}

/**
 * Parses the body and headers of GET /api/samples/{id}/pixels (the browser has already inflated the
 * gzip). Returns null for data the editor cannot window (colour, unknown type, short body).
 */
export function parsePixels(buffer: ArrayBuffer, headers: Headers): PixelData | null {
  const kind = ARRAYS[(headers.get('X-Pixel-Dtype') ?? '').toLowerCase()];
  const rows = numberHeader(headers, 'X-Pixel-Rows');
  const columns = numberHeader(headers, 'X-Pixel-Columns');
  const channels = numberHeader(headers, 'X-Pixel-Channels') ?? 1;
  if (!kind || !rows || !columns || channels !== 1) return null;
  const count = rows * columns;
  if (buffer.byteLength < count * kind.bytes) return null;
  const photometric = headers.get('X-Photometric')?.toUpperCase();
  return {
    data: kind.make(buffer, count),
    rows,
    columns,
    offset: numberHeader(headers, 'X-Pixel-Offset') ?? 0,
    windowCenter: numberHeader(headers, 'X-Window-Center'),
    windowWidth: numberHeader(headers, 'X-Window-Width'),
    photometric: photometric === 'MONOCHROME1' ? 'MONOCHROME1' : 'MONOCHROME2',
  };
}

/** The full-depth pixels of a DICOM sample, or null when it has none the editor can window. */
export async function fetchPixels(
  sampleId: number,
  signal?: AbortSignal,
  revision = 0,
): Promise<PixelData | null> {
  const response = await fetch(apiUrl(revisedPath(`/api/samples/${sampleId}/pixels`, revision)), {
    credentials: 'same-origin',
    signal,
  });
  if (response.status === 404) return null;
  if (!response.ok) return failure(response);
  return parsePixels(await response.arrayBuffer(), response.headers);
}

/** The display image, decoded off the main thread where the browser can. */
export async function fetchImage(
  sampleId: number,
  signal?: AbortSignal,
  revision = 0,
): Promise<ImageBitmap | HTMLImageElement> {
  const response = await fetch(apiUrl(revisedPath(`/api/samples/${sampleId}/image`, revision)), {
    credentials: 'same-origin',
    signal,
  });
  if (!response.ok) return failure(response);
  const blob = await response.blob();
  if (typeof createImageBitmap === 'function') return createImageBitmap(blob);
  const url = URL.createObjectURL(blob);
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return image;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Everything the editor needs to draw a sample: DICOM pixels when windowable, else the display image. */
export async function fetchMedia(
  sampleId: number,
  format: string,
  signal?: AbortSignal,
  revision = 0,
): Promise<SampleMedia> {
  const pixels = format === 'dicom' ? await fetchPixels(sampleId, signal, revision) : null;
  const image = pixels ? null : await fetchImage(sampleId, signal, revision);
  return { image, pixels };
}
