import type { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/api-error.ts';
import type { Rejection } from '../../api/types.ts';
import { errorMessage } from '../../lib/errors.ts';
import { refreshAfterSamplesChange, uploadSamples } from './api.ts';
import { relativePath } from './collect-files.ts';
import { PARALLEL_REQUESTS, spreadProgress, takeBatch } from './upload-batches.ts';

export type UploadStatus =
  'queued' | 'uploading' | 'processing' | 'added' | 'rejected' | 'failed' | 'cancelled';

export interface UploadItem {
  key: number;
  file: File;
  /** The name it is uploaded under (its path inside a chosen folder). */
  name: string;
  size: number;
  status: UploadStatus;
  /** 0..1 of its bytes sent. */
  progress: number;
  /** Why it was not added, or what happened inside an archive. */
  detail?: string;
}

/** A file (or a file inside an archive) that was not added, with the reason. */
export type NotAdded = Pick<Rejection, 'filename' | 'detail'>;

export interface UploadState {
  items: UploadItem[];
  running: boolean;
  /** Samples created by this round of uploads. */
  created: number;
  /** Every file not added, with its reason, in upload order. */
  notAdded: NotAdded[];
}

const PENDING: UploadStatus[] = ['queued', 'uploading', 'processing'];

function rejectionsOf(error: unknown): Rejection[] | null {
  const body = (error as { body?: { rejected?: unknown } } | null)?.body;
  return body && Array.isArray(body.rejected) ? (body.rejected as Rejection[]) : null;
}

/** What happened to one file of a request, from the answer's `rejected` list. */
function outcome(
  item: UploadItem,
  rejected: Rejection[],
  anyCreated: boolean,
): Partial<UploadItem> {
  const own = rejected.find((rejection) => rejection.filename === item.name);
  if (own) return { status: 'rejected', detail: own.detail, progress: 1 };
  const inside = rejected.filter((rejection) => rejection.filename.startsWith(`${item.name}/`));
  if (inside.length > 0 && !anyCreated) {
    return {
      status: 'rejected',
      detail: 'Nothing inside this archive could be added.',
      progress: 1,
    };
  }
  if (inside.length > 0) {
    const count = inside.length;
    return {
      status: 'added',
      detail: `${count} ${count === 1 ? 'file' : 'files'} inside not added`,
      progress: 1,
    };
  }
  return { status: 'added', progress: 1 };
}

/**
 * One set's uploads, outside React so they go on while the user looks at other tabs: a few files
 * per request, a few requests at a time, each file's progress, and what was not added and why.
 * The set's views refresh when the queue drains.
 */
export class UploadStore {
  private state: UploadState = { items: [], running: false, created: 0, notAdded: [] };
  private readonly listeners = new Set<() => void>();
  private queue: UploadItem[] = [];
  private active = 0;
  private controller = new AbortController();
  private nextKey = 1;

  constructor(
    private readonly setId: number,
    private readonly onDrained: () => void,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): UploadState => this.state;

  add = (files: File[]): void => {
    if (files.length === 0) return;
    const fresh = files.map<UploadItem>((file) => ({
      key: this.nextKey++,
      file,
      name: relativePath(file),
      size: file.size,
      status: 'queued',
      progress: 0,
    }));
    // A new round after a finished one starts a fresh list.
    if (!this.state.running) this.set({ items: fresh, created: 0, notAdded: [] });
    else this.set({ items: [...this.state.items, ...fresh] });
    this.enqueue(fresh);
  };

  cancel = (): void => {
    const waiting = this.queue.map((item) => item.key);
    this.queue = [];
    this.controller.abort();
    this.patch(waiting, () => ({ status: 'cancelled' }));
  };

  retryFailed = (): void => {
    const again = this.state.items.filter(
      (item) => item.status === 'failed' || item.status === 'cancelled',
    );
    if (again.length === 0) return;
    const names = new Set(again.map((item) => item.name));
    const reset = { status: 'queued' as const, progress: 0, detail: undefined };
    this.set({ notAdded: this.state.notAdded.filter((entry) => !names.has(entry.filename)) });
    this.patch(
      again.map((item) => item.key),
      () => reset,
    );
    this.enqueue(again.map((item) => ({ ...item, ...reset })));
  };

  clear = (): void => {
    if (this.state.running) return;
    this.set({ items: [], created: 0, notAdded: [] });
  };

  private set(change: Partial<UploadState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }

  private patch(keys: number[], change: (item: UploadItem) => Partial<UploadItem>): void {
    if (keys.length === 0) return;
    const wanted = new Set(keys);
    this.set({
      items: this.state.items.map((item) =>
        wanted.has(item.key) ? { ...item, ...change(item) } : item,
      ),
    });
  }

  private enqueue(fresh: UploadItem[]): void {
    if (this.controller.signal.aborted) this.controller = new AbortController();
    this.queue.push(...fresh);
    this.set({ running: true });
    this.pump();
  }

  private pump(): void {
    while (this.active < PARALLEL_REQUESTS && this.queue.length > 0) {
      const batch = takeBatch(this.queue);
      this.active += 1;
      void this.send(batch).finally(() => {
        this.active -= 1;
        if (this.queue.length > 0) {
          this.pump();
        } else if (this.active === 0) {
          this.set({ running: false });
          this.onDrained();
        }
      });
    }
  }

  private async send(batch: UploadItem[]): Promise<void> {
    const keys = batch.map((item) => item.key);
    const signal = this.controller.signal;
    this.patch(keys, () => ({ status: 'uploading', progress: 0, detail: undefined }));
    const sizes = batch.map((item) => item.size);
    try {
      const result = await uploadSamples(
        this.setId,
        batch,
        ({ loaded, total }) => {
          const shares = spreadProgress(sizes, loaded, total);
          const sent = total > 0 && loaded >= total;
          this.patch(keys, (item) => {
            if (item.status !== 'uploading') return {};
            return sent
              ? { status: 'processing', progress: 1 }
              : { progress: shares[keys.indexOf(item.key)] ?? 0 };
          });
        },
        signal,
      );
      const anyCreated = result.created.length > 0;
      this.set({
        created: this.state.created + result.created.length,
        notAdded: [...this.state.notAdded, ...result.rejected],
      });
      this.patch(keys, (item) => outcome(item, result.rejected, anyCreated));
    } catch (error) {
      if ((error instanceof ApiError && error.code === 'aborted') || signal.aborted) {
        this.patch(keys, () => ({ status: 'cancelled' }));
        return;
      }
      const detail = errorMessage(error);
      const rejected = rejectionsOf(error);
      if (rejected && rejected.length > 0) {
        this.set({ notAdded: [...this.state.notAdded, ...rejected] });
        this.patch(keys, (item) => {
          const result = outcome(item, rejected, false);
          return result.status === 'added' ? { status: 'failed', detail, progress: 1 } : result;
        });
        return;
      }
      this.set({
        notAdded: [
          ...this.state.notAdded,
          ...batch.map((item) => ({ filename: item.name, detail })),
        ],
      });
      this.patch(keys, () => ({ status: 'failed', detail }));
    }
  }
}

export function isPending(item: UploadItem): boolean {
  return PENDING.includes(item.status);
}

const stores = new WeakMap<QueryClient, Map<number, UploadStore>>();

/** The upload store of a set (one per query client, so each app or test has its own). */
export function uploadStoreFor(queryClient: QueryClient, setId: number): UploadStore {
  let bySet = stores.get(queryClient);
  if (!bySet) {
    bySet = new Map();
    stores.set(queryClient, bySet);
  }
  let store = bySet.get(setId);
  if (!store) {
    store = new UploadStore(setId, () => refreshAfterSamplesChange(queryClient, setId));
    bySet.set(setId, store);
  }
  return store;
}
