import { describe, expect, it } from 'vitest';
import { isClutter } from '../collect-files.ts';
import { spreadProgress, takeBatch } from '../upload-batches.ts';

describe('takeBatch', () => {
  it('takes up to four files, fewer when they are large, always at least one', () => {
    const queue = [10, 10, 10, 10, 10].map((size) => ({ size }));
    expect(takeBatch(queue)).toHaveLength(4);
    expect(queue).toHaveLength(1);
    const big = [{ size: 30 }, { size: 30 }, { size: 500 }];
    expect(takeBatch(big, 4, 64)).toEqual([{ size: 30 }, { size: 30 }]);
    expect(takeBatch(big, 4, 64)).toEqual([{ size: 500 }]);
    expect(takeBatch(big, 4, 64)).toEqual([]);
  });
});

describe('spreadProgress', () => {
  it('fills the files in the order they are sent', () => {
    expect(spreadProgress([100, 100], 50, 200)).toEqual([0.5, 0]);
    expect(spreadProgress([100, 100], 150, 200)).toEqual([1, 0.5]);
    expect(spreadProgress([100, 300], 400, 400)).toEqual([1, 1]);
    expect(spreadProgress([100], 10, 0)).toEqual([0]);
  });
});

describe('isClutter', () => {
  it('skips hidden files, macOS forks and DICOMDIR, not images', () => {
    expect(isClutter('scans/.DS_Store')).toBe(true);
    expect(isClutter('__MACOSX/scans/a.dcm')).toBe(true);
    expect(isClutter('study/DICOMDIR')).toBe(true);
    expect(isClutter('study/series-1/IM0001')).toBe(false);
    expect(isClutter('chest.png')).toBe(false);
  });
});
