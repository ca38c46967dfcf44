// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { listDrafts, loadDraft, removeDraft, saveDraft } from '../draft-store.ts';
import { EMPTY_READING } from '../reading.ts';

const BOX = { id: 'new-1', labelId: 3, x: 10, y: 20, width: 30, height: 40, comment: 'rim' };

function draft(userId: number, sampleId: number) {
  return {
    userId,
    sampleId,
    packageId: 4,
    detection: true,
    version: 2,
    reading: { ...EMPTY_READING, boxes: [BOX] },
  };
}

describe('draft store', () => {
  afterEach(() => localStorage.clear());

  it('keeps a reading per user and sample, and nothing of another user', () => {
    saveDraft(draft(1, 9), 1000);
    saveDraft(draft(2, 9), 2000);
    expect(loadDraft(1, 9, 3000)).toMatchObject({ version: 2, updatedAt: 1000 });
    expect(loadDraft(1, 9, 3000)?.reading.boxes).toEqual([BOX]);
    expect(listDrafts(1, 3000).map((item) => item.userId)).toEqual([1]);
    removeDraft(1, 9);
    expect(loadDraft(1, 9, 3000)).toBeNull();
    expect(loadDraft(2, 9, 3000)).not.toBeNull();
  });

  it('holds no file name or image: ids and the reading only', () => {
    saveDraft(draft(1, 9));
    const raw = localStorage.getItem(localStorage.key(0)!)!;
    expect(Object.keys(JSON.parse(raw)).sort()).toEqual(
      ['detection', 'packageId', 'reading', 'sampleId', 'updatedAt', 'userId', 'version'].sort(),
    );
  });

  it('drops a draft a month old, and ignores what it cannot read', () => {
    saveDraft(draft(1, 9), 0);
    localStorage.setItem('tagmedx.draft.v1:1:10', '{not json');
    expect(listDrafts(1, 31 * 24 * 3600 * 1000)).toEqual([]);
    expect(localStorage.getItem('tagmedx.draft.v1:1:9')).toBeNull();
  });
});
