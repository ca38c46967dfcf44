import { describe, expect, it } from 'vitest';
import { HANDLES, handlePoint } from '../geometry.ts';
import { hitTest } from '../hit-test.ts';
import { box } from './helpers.ts';

const big = box('big', 100, 100, 400, 400);
const small = box('small', 200, 200, 50, 50);
const boxes = [big, small];

describe('hitTest', () => {
  it('finds the body of a box', () => {
    expect(hitTest(boxes, { x: 150, y: 150 }, { scale: 1, selectedId: null })).toEqual({
      kind: 'body',
      box: big,
    });
  });

  it('prefers the smallest box containing the point', () => {
    expect(hitTest([small, big], { x: 220, y: 220 }, { scale: 1, selectedId: null })?.box.id).toBe(
      'small',
    );
  });

  it('misses empty space', () => {
    expect(hitTest(boxes, { x: 50, y: 50 }, { scale: 1, selectedId: null })).toBeNull();
  });

  it.each([0.25, 1, 4])('grabs every handle within the SCREEN tolerance at zoom %s', (scale) => {
    for (const handle of HANDLES) {
      const p = handlePoint(big, handle);
      // 5 screen pixels away from the handle, in image pixels:
      const offset = 5 / scale;
      const hit = hitTest(
        boxes,
        { x: p.x + offset, y: p.y - offset },
        {
          scale,
          selectedId: 'big',
          handleTolerance: 6,
        },
      );
      expect(hit).toMatchObject({ kind: 'handle', handle });
    }
  });

  it.each([0.25, 4])('does not grab a handle 10 screen px away at zoom %s', (scale) => {
    const p = handlePoint(big, 'se');
    const offset = 10 / scale;
    const hit = hitTest(
      boxes,
      { x: p.x - offset, y: p.y - offset },
      {
        scale,
        selectedId: 'big',
        handleTolerance: 6,
      },
    );
    expect(hit).toMatchObject({ kind: 'body' });
  });

  it('offers handles only on the selected box', () => {
    const p = handlePoint(small, 'nw');
    expect(hitTest(boxes, p, { scale: 1, selectedId: null })?.kind).toBe('body');
    expect(hitTest(boxes, p, { scale: 1, selectedId: 'small' })?.kind).toBe('handle');
  });
});
