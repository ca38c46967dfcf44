import { ApiError } from '../../api/api-error.ts';
import type { Examination } from '../../api/types.ts';
import { errorMessage } from '../../lib/errors.ts';
import { examinationBody, type ExaminationBody, type Reading } from './reading.ts';

/**
 * - idle: nothing changed since the sample was opened
 * - pending: changed, the save waits for the debounce
 * - saving: the PUT is on its way
 * - saved: the server has everything
 * - error: the save failed (network, validation, package ready...): retry
 * - conflict: the server has a newer version (409 stale_version): the user decides
 */
export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error' | 'conflict';

export interface SessionState {
  status: SaveStatus;
  reading: Reading;
  version: number | null;
  error: string | null;
  savedAt: number | null;
}

/** Keeps the unsaved reading where it outlives the page (draft-store.ts), until the server has it. */
export interface DraftKeeper {
  keep(reading: Reading, version: number | null): void;
  clear(): void;
}

export interface SessionOptions {
  sampleId: number;
  reading: Reading;
  version: number | null;
  detection: boolean;
  /** Debounce after the last change, ms. */
  delay?: number;
  send: (sampleId: number, body: ExaminationBody) => Promise<Examination>;
  onSaved?: (examination: Examination) => void;
  onState?: (state: SessionState) => void;
  /** Where each change is kept until it is saved: a save that fails (401, offline) loses nothing. */
  drafts?: DraftKeeper;
}

/**
 * One sample's reading while it is open: the draft, the server version it builds on, and autosave
 * (a debounced PUT with `version`; one request in flight; changes made meanwhile are saved next).
 * Framework-free so its timing is unit-tested.
 */
export class ExaminationSession {
  readonly sampleId: number;
  private reading: Reading;
  private version: number | null;
  private status: SaveStatus = 'idle';
  private error: string | null = null;
  private savedAt: number | null = null;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private readonly delay: number;

  constructor(private readonly options: SessionOptions) {
    this.sampleId = options.sampleId;
    this.reading = options.reading;
    this.version = options.version;
    this.delay = options.delay ?? 600;
  }

  get state(): SessionState {
    return {
      status: this.status,
      reading: this.reading,
      version: this.version,
      error: this.error,
      savedAt: this.savedAt,
    };
  }

  /** True while something is not on the server yet. */
  get hasUnsavedChanges(): boolean {
    return this.dirty || this.inFlight !== null;
  }

  /** Applies a change to the draft and schedules its save. */
  update(patch: Partial<Reading>): void {
    this.reading = { ...this.reading, ...patch };
    this.dirty = true;
    this.options.drafts?.keep(this.reading, this.version);
    if (this.status !== 'conflict' && this.status !== 'saving') this.status = 'pending';
    this.schedule();
    this.emit();
  }

  /** Saves the reading now even if nothing changed (e.g. "no findings": an empty examination). */
  markForSave(): void {
    this.dirty = true;
  }

  /** Saves at once whatever is pending; resolves true when the server has everything. */
  async flush(): Promise<boolean> {
    this.clearTimer();
    for (let attempt = 0; attempt < 10; attempt++) {
      if (this.inFlight) {
        await this.inFlight;
        continue;
      }
      if (this.status === 'conflict' || this.status === 'error') return false;
      if (!this.dirty) return true;
      await this.save();
    }
    return !this.hasUnsavedChanges;
  }

  /** After an error: try the same save again. */
  retry(): Promise<boolean> {
    if (this.status === 'error') this.status = 'pending';
    this.dirty = true;
    return this.flush();
  }

  /** After a conflict, keep my reading: save it on top of the server's current version. */
  overwrite(currentVersion: number | null): Promise<boolean> {
    this.version = currentVersion;
    this.options.drafts?.keep(this.reading, this.version);
    this.status = 'pending';
    this.dirty = true;
    return this.flush();
  }

  /** The user chose the server's reading over this one: its kept draft goes too. */
  forget(): void {
    this.dispose();
    this.options.drafts?.clear();
  }

  /** Stops the timer; a save already sent still completes. */
  dispose(): void {
    this.clearTimer();
  }

  private schedule(): void {
    if (this.status === 'conflict') return;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.delay);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private save(): Promise<void> {
    this.dirty = false;
    this.status = 'saving';
    this.error = null;
    this.emit();
    const body = examinationBody(this.reading, this.options.detection, this.version);
    const request = this.options
      .send(this.sampleId, body)
      .then((examination) => {
        this.version = examination.version;
        this.savedAt = Date.now();
        // Changes made while this save was on its way now build on the version it created.
        if (this.dirty) this.options.drafts?.keep(this.reading, this.version);
        else this.options.drafts?.clear();
        this.options.onSaved?.(examination);
        this.status = this.dirty ? 'pending' : 'saved';
      })
      .catch((error: unknown) => {
        this.dirty = true;
        const stale = error instanceof ApiError && error.code === 'stale_version';
        this.status = stale ? 'conflict' : 'error';
        this.error = errorMessage(error);
      })
      .finally(() => {
        this.inFlight = null;
        this.emit();
      });
    this.inFlight = request;
    return request;
  }

  private emit(): void {
    this.options.onState?.(this.state);
  }
}
