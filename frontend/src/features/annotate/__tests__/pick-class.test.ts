import { describe, expect, it } from 'vitest';
import { pickClass } from '../reading.ts';

const NORMAL = 1;
const ABNORMAL = 2;

describe('pickClass', () => {
  it('replaces the other class in a single-label set', () => {
    expect(pickClass([NORMAL], ABNORMAL, false)).toEqual([ABNORMAL]);
  });

  it('adds a class in a multi-label set', () => {
    expect(pickClass([NORMAL], ABNORMAL, true)).toEqual([NORMAL, ABNORMAL]);
  });

  it('unchooses a chosen class either way', () => {
    expect(pickClass([NORMAL], NORMAL, false)).toEqual([]);
    expect(pickClass([NORMAL, ABNORMAL], NORMAL, true)).toEqual([ABNORMAL]);
  });

  it('leaves one class when a stored reading held several and the set is single-label', () => {
    expect(pickClass([NORMAL, ABNORMAL], 3, false)).toEqual([3]);
  });
});
