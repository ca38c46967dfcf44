import { ApiError } from '../api/api-error.ts';

/**
 * Why an image did not load: an `<img>` only says that it failed, so the URL is asked once more and
 * the API's answer read. `missing` when its stored file is gone (404 `file_missing`), otherwise
 * `unavailable` (the network, a server error).
 */
export async function whyImageFailed(url: string): Promise<'missing' | 'unavailable'> {
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (response.status !== 404) return 'unavailable';
    const body: unknown = await response.json().catch(() => null);
    const code =
      typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : null;
    return code === 'file_missing' ? 'missing' : 'unavailable';
  } catch {
    return 'unavailable';
  }
}

/** A failed request of a sample's file whose stored file is gone (the API's 404 `file_missing`). */
export function isFileMissing(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && error.code === 'file_missing';
}
