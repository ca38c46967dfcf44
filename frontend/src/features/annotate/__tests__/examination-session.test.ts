import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../api/api-error.ts';
import type { Examination } from '../../../api/types.ts';
import { ExaminationSession, type SessionState } from '../examination-session.ts';
import { EMPTY_READING, type ExaminationBody } from '../reading.ts';

function examination(version: number, body: ExaminationBody): Examination {
  return {
    id: 5,
    sample_id: 9,
    set_id: 1,
    user_id: 2,
    author: { name: 'Jan', surname: 'Kowalski', role: 'annotator' },
    tentative: body.tentative,
    bad_quality: body.bad_quality,
    comment: body.comment ?? '',
    label_ids: body.label_ids ?? [],
    boxes: (body.boxes ?? []).map((box, index) => ({
      ...box,
      id: index + 1,
      comment: box.comment,
    })),
    version,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
  };
}

const BOX = { id: 'new-1', labelId: 3, x: 10, y: 20, width: 30, height: 40, comment: '' };

describe('ExaminationSession', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends one PUT with the version after the debounce, however many changes', async () => {
    const send = vi.fn(async (_id: number, body: ExaminationBody) => examination(4, body));
    const states: SessionState[] = [];
    const session = new ExaminationSession({
      sampleId: 9,
      reading: EMPTY_READING,
      version: 3,
      detection: true,
      send,
      onState: (state) => states.push(state),
    });
    session.update({ boxes: [BOX] });
    session.update({ tentative: true });
    await vi.advanceTimersByTimeAsync(599);
    expect(send).not.toHaveBeenCalled();
    expect(session.state.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(send).toHaveBeenCalledTimes(1);
    const [sampleId, body] = send.mock.calls[0]!;
    expect(sampleId).toBe(9);
    expect(body).toMatchObject({
      version: 3,
      tentative: true,
      bad_quality: false,
      label_ids: [],
      boxes: [{ label_id: 3, x: 10, y: 20, width: 30, height: 40, comment: '' }],
    });
    expect(session.state.status).toBe('saved');
    expect(session.state.version).toBe(4);
    expect(states.map((state) => state.status)).toContain('saving');
  });

  it('saves changes made during a save right after it, with the new version', async () => {
    let resolve: (value: Examination) => void = () => {};
    const send = vi.fn(
      (_id: number, body: ExaminationBody) =>
        new Promise<Examination>((done) => {
          resolve = () => done(examination((body.version ?? 0) + 1, body));
        }),
    );
    const session = new ExaminationSession({
      sampleId: 9,
      reading: EMPTY_READING,
      version: null,
      detection: true,
      send,
    });
    session.update({ tentative: true });
    await vi.advanceTimersByTimeAsync(600);
    expect(send).toHaveBeenCalledTimes(1);
    session.update({ comment: 'small bleed' });
    expect(session.hasUnsavedChanges).toBe(true);
    resolve(examination(1, send.mock.calls[0]![1]));
    await vi.advanceTimersByTimeAsync(600);
    expect(send).toHaveBeenCalledTimes(2);
    expect(send.mock.calls[1]![1]).toMatchObject({ version: 1, comment: 'small bleed' });
    resolve(examination(2, send.mock.calls[1]![1]));
    await vi.advanceTimersByTimeAsync(0);
    expect(session.state.status).toBe('saved');
    expect(session.hasUnsavedChanges).toBe(false);
  });

  it('flush saves at once and reports success', async () => {
    const send = vi.fn(async (_id: number, body: ExaminationBody) => examination(1, body));
    const session = new ExaminationSession({
      sampleId: 9,
      reading: EMPTY_READING,
      version: null,
      detection: false,
      send,
    });
    session.update({ labelIds: [4] });
    await expect(session.flush()).resolves.toBe(true);
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0]![1]).toMatchObject({ label_ids: [4], boxes: [], version: null });
    await vi.advanceTimersByTimeAsync(1000);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('markForSave saves an empty reading ("no findings")', async () => {
    const send = vi.fn(async (_id: number, body: ExaminationBody) => examination(1, body));
    const session = new ExaminationSession({
      sampleId: 9,
      reading: EMPTY_READING,
      version: null,
      detection: true,
      send,
    });
    await expect(session.flush()).resolves.toBe(true);
    expect(send).not.toHaveBeenCalled();
    session.markForSave();
    await expect(session.flush()).resolves.toBe(true);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('a 409 stale_version becomes a conflict that keeps the draft until the user decides', async () => {
    const send = vi
      .fn<(id: number, body: ExaminationBody) => Promise<Examination>>()
      .mockRejectedValueOnce(new ApiError(409, 'stale_version', 'Changed elsewhere.'))
      .mockImplementation(async (_id, body) => examination(8, body));
    const session = new ExaminationSession({
      sampleId: 9,
      reading: EMPTY_READING,
      version: 3,
      detection: true,
      send,
    });
    session.update({ boxes: [BOX] });
    await expect(session.flush()).resolves.toBe(false);
    expect(session.state.status).toBe('conflict');
    expect(session.state.reading.boxes).toHaveLength(1);
    session.update({ tentative: true });
    await vi.advanceTimersByTimeAsync(2000);
    expect(send).toHaveBeenCalledTimes(1);
    await expect(session.overwrite(7)).resolves.toBe(true);
    expect(send.mock.calls[1]![1]).toMatchObject({ version: 7, tentative: true });
    expect(session.state.status).toBe('saved');
  });

  it('other errors can be retried', async () => {
    const send = vi
      .fn<(id: number, body: ExaminationBody) => Promise<Examination>>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockImplementation(async (_id, body) => examination(1, body));
    const session = new ExaminationSession({
      sampleId: 9,
      reading: EMPTY_READING,
      version: null,
      detection: true,
      send,
    });
    session.update({ tentative: true });
    await expect(session.flush()).resolves.toBe(false);
    expect(session.state.status).toBe('error');
    expect(session.state.error).toMatch(/Cannot reach/);
    await expect(session.retry()).resolves.toBe(true);
    expect(session.state.status).toBe('saved');
  });

  describe('keeps every change as a draft until the server has it', () => {
    function keeper() {
      const kept: { reading: unknown; version: number | null }[] = [];
      return {
        kept,
        drafts: {
          keep: (reading: unknown, version: number | null) => kept.push({ reading, version }),
          clear: () => undefined,
        },
      };
    }

    it('a save refused with 401 (session ended) leaves the draft; the retry after sign-in clears it', async () => {
      const send = vi
        .fn<(id: number, body: ExaminationBody) => Promise<Examination>>()
        .mockRejectedValueOnce(new ApiError(401, 'not_authenticated', 'Sign in again.'))
        .mockImplementation(async (_id, body) => examination(4, body));
      const clear = vi.fn();
      const kept: (number | null)[] = [];
      const session = new ExaminationSession({
        sampleId: 9,
        reading: EMPTY_READING,
        version: 3,
        detection: true,
        send,
        drafts: { keep: (_reading, version) => kept.push(version), clear },
      });
      session.update({ boxes: [BOX] });
      expect(kept).toEqual([3]);
      await expect(session.flush()).resolves.toBe(false);
      expect(session.state.status).toBe('error');
      expect(clear).not.toHaveBeenCalled();
      await expect(session.retry()).resolves.toBe(true);
      expect(send.mock.calls[1]![1]).toMatchObject({ version: 3, boxes: [{ x: 10 }] });
      expect(clear).toHaveBeenCalledTimes(1);
    });

    it('a change made while a save is on its way is kept on top of the version that save made', async () => {
      let resolve: () => void = () => {};
      const send = vi.fn(
        (_id: number, body: ExaminationBody) =>
          new Promise<Examination>((done) => {
            resolve = () => done(examination(5, body));
          }),
      );
      const { kept, drafts } = keeper();
      const session = new ExaminationSession({
        sampleId: 9,
        reading: EMPTY_READING,
        version: 4,
        detection: true,
        send,
        drafts,
      });
      session.update({ tentative: true });
      await vi.advanceTimersByTimeAsync(600);
      session.update({ comment: 'later' });
      resolve();
      await vi.advanceTimersByTimeAsync(0);
      expect(kept.map((item) => item.version)).toEqual([4, 4, 5]);
      expect(kept.at(-1)?.reading).toMatchObject({ tentative: true, comment: 'later' });
    });

    it('forget (the user took the server version) clears the draft', () => {
      const clear = vi.fn();
      const session = new ExaminationSession({
        sampleId: 9,
        reading: EMPTY_READING,
        version: 3,
        detection: true,
        send: vi.fn(),
        drafts: { keep: () => undefined, clear },
      });
      session.forget();
      expect(clear).toHaveBeenCalledTimes(1);
    });
  });
});
