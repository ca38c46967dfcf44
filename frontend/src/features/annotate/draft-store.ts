import type { Reading } from './reading.ts';

/**
 * Unsaved readings kept in this browser (localStorage), one per user and sample, so an edit made
 * after the session ended (the save got 401), a closed tab or a lost connection is saved later
 * instead of lost. Only the reading is kept (boxes, labels, flags, comments) and ids, never an image
 * or a file name. A draft lives until the server has it; logging out clears the site's storage
 * (`Clear-Site-Data`) and with it the drafts.
 */
export interface Draft {
  userId: number;
  sampleId: number;
  packageId: number;
  detection: boolean;
  /** The server version the reading builds on (null: the sample had no reading of mine). */
  version: number | null;
  reading: Reading;
  /** When it was last written (ms since the epoch). */
  updatedAt: number;
}

const PREFIX = 'tagmedx.draft.v1:';
/** A draft older than this is dropped unread: its sample was long since reread or given up. */
const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

function keyOf(userId: number, sampleId: number): string {
  return `${PREFIX}${userId}:${sampleId}`;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled by the browser's settings
  }
}

function parse(raw: string | null): Draft | null {
  if (!raw) return null;
  try {
    const draft = JSON.parse(raw) as Draft;
    return typeof draft.sampleId === 'number' && draft.reading ? draft : null;
  } catch {
    return null;
  }
}

/** Writes the draft; false when the browser refuses (storage full or disabled). */
export function saveDraft(draft: Omit<Draft, 'updatedAt'>, now = Date.now()): boolean {
  try {
    storage()?.setItem(
      keyOf(draft.userId, draft.sampleId),
      JSON.stringify({ ...draft, updatedAt: now }),
    );
    return storage() !== null;
  } catch {
    return false;
  }
}

export function loadDraft(userId: number, sampleId: number, now = Date.now()): Draft | null {
  const draft = parse(storage()?.getItem(keyOf(userId, sampleId)) ?? null);
  if (draft && now - draft.updatedAt > MAX_AGE_MS) {
    removeDraft(userId, sampleId);
    return null;
  }
  return draft;
}

export function removeDraft(userId: number, sampleId: number): void {
  try {
    storage()?.removeItem(keyOf(userId, sampleId));
  } catch {
    // nothing to remove where there is no storage
  }
}

/** Every draft of a user, oldest first. */
export function listDrafts(userId: number, now = Date.now()): Draft[] {
  const store = storage();
  if (!store) return [];
  const prefix = `${PREFIX}${userId}:`;
  const keys = Array.from({ length: store.length }, (_, index) => store.key(index)).filter(
    (key): key is string => key?.startsWith(prefix) ?? false,
  );
  return keys
    .map((key) => loadDraft(userId, Number(key.slice(prefix.length)), now))
    .filter((draft): draft is Draft => draft !== null)
    .sort((a, b) => a.updatedAt - b.updatedAt);
}
