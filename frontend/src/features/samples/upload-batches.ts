/** How uploads are cut into requests: a few files each, large files alone. */
export const FILES_PER_REQUEST = 4;
export const BYTES_PER_REQUEST = 48 * 1024 * 1024;
export const PARALLEL_REQUESTS = 3;

export interface Sized {
  size: number;
}

/** Takes the next request's worth of items off the front of `queue` (at least one). */
export function takeBatch<T extends Sized>(
  queue: T[],
  maxFiles = FILES_PER_REQUEST,
  maxBytes = BYTES_PER_REQUEST,
): T[] {
  const batch: T[] = [];
  let bytes = 0;
  while (queue.length > 0 && batch.length < maxFiles) {
    const next = queue[0]!;
    if (batch.length > 0 && bytes + next.size > maxBytes) break;
    batch.push(next);
    bytes += next.size;
    queue.shift();
  }
  return batch;
}

/**
 * Each file's share (0..1) of a multipart request's progress: parts are sent in order, so the
 * first files fill up first.
 */
export function spreadProgress(sizes: number[], loaded: number, total: number): number[] {
  const sum = sizes.reduce((acc, size) => acc + size, 0);
  if (total <= 0 || sum <= 0) return sizes.map(() => 0);
  let sent = Math.min(1, loaded / total) * sum;
  return sizes.map((size) => {
    if (size === 0) return sent >= 0 ? 1 : 0;
    const share = Math.max(0, Math.min(size, sent)) / size;
    sent -= size;
    return share;
  });
}
