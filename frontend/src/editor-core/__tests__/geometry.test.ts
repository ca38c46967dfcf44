import { describe, expect, it } from 'vitest';
import {
  clampRect,
  clipRect,
  handlePoint,
  moveRect,
  normalizeRect,
  resizeRect,
  snapRect,
} from '../geometry.ts';

const image = { width: 100, height: 80 };

describe('normalizeRect', () => {
  it.each([
    [
      { x: 10, y: 20 },
      { x: 30, y: 50 },
    ],
    [
      { x: 30, y: 50 },
      { x: 10, y: 20 },
    ],
    [
      { x: 30, y: 20 },
      { x: 10, y: 50 },
    ],
    [
      { x: 10, y: 50 },
      { x: 30, y: 20 },
    ],
  ])('turns a drag from %o to %o into a positive box', (a, b) => {
    expect(normalizeRect(a, b)).toEqual({ x: 10, y: 20, width: 20, height: 30 });
  });
});

describe('clipRect and clampRect', () => {
  it('clips a rectangle that crosses the image edges', () => {
    expect(clipRect({ x: -10, y: 70, width: 30, height: 30 }, image)).toEqual({
      x: 0,
      y: 70,
      width: 20,
      height: 10,
    });
  });

  it('gives zero size for a rectangle entirely outside', () => {
    const r = clipRect({ x: 120, y: 10, width: 10, height: 10 }, image);
    expect(r.width).toBe(0);
  });

  it('shifts a rectangle back inside keeping its size', () => {
    expect(clampRect({ x: 95, y: -5, width: 10, height: 10 }, image)).toEqual({
      x: 90,
      y: 0,
      width: 10,
      height: 10,
    });
  });

  it('moveRect stops at the edges', () => {
    expect(moveRect({ x: 10, y: 10, width: 20, height: 20 }, -50, 100, image)).toEqual({
      x: 0,
      y: 60,
      width: 20,
      height: 20,
    });
  });
});

describe('resizeRect', () => {
  const start = { x: 20, y: 20, width: 40, height: 30 };

  it.each([
    ['nw', 5, 5, { x: 25, y: 25, width: 35, height: 25 }],
    ['n', 5, 5, { x: 20, y: 25, width: 40, height: 25 }],
    ['ne', 5, 5, { x: 20, y: 25, width: 45, height: 25 }],
    ['e', 5, 5, { x: 20, y: 20, width: 45, height: 30 }],
    ['se', 5, 5, { x: 20, y: 20, width: 45, height: 35 }],
    ['s', 5, 5, { x: 20, y: 20, width: 40, height: 35 }],
    ['sw', 5, 5, { x: 25, y: 20, width: 35, height: 35 }],
    ['w', 5, 5, { x: 25, y: 20, width: 35, height: 30 }],
  ] as const)('handle %s moves only its edges', (handle, dx, dy, expected) => {
    expect(resizeRect(start, handle, dx, dy, image)).toEqual(expected);
  });

  it('flips when an edge is dragged past the opposite one', () => {
    expect(resizeRect(start, 'e', -60, 0, image)).toEqual({ x: 0, y: 20, width: 20, height: 30 });
  });

  it('stays inside the image', () => {
    expect(resizeRect(start, 'se', 500, 500, image)).toEqual({
      x: 20,
      y: 20,
      width: 80,
      height: 60,
    });
    expect(resizeRect(start, 'nw', -500, -500, image)).toEqual({
      x: 0,
      y: 0,
      width: 60,
      height: 50,
    });
  });

  it('keeps the minimum size', () => {
    const r = resizeRect(start, 'e', -39.5, 0, image, 2);
    expect(r.width).toBe(2);
    expect(r.x).toBe(20);
  });

  it('keeps the minimum size against the image edge', () => {
    const r = resizeRect({ x: 99, y: 0, width: 1, height: 10 }, 'w', 0.5, 0, image, 2);
    expect(r.width).toBe(2);
    expect(r.x + r.width).toBeLessThanOrEqual(100);
  });
});

describe('snapRect and handlePoint', () => {
  it('rounds edges to whole pixels', () => {
    expect(snapRect({ x: 1.4, y: 2.6, width: 3.3, height: 4.4 })).toEqual({
      x: 1,
      y: 3,
      width: 4,
      height: 4,
    });
  });

  it('places handles on corners and edge midpoints', () => {
    const r = { x: 10, y: 20, width: 40, height: 60 };
    expect(handlePoint(r, 'nw')).toEqual({ x: 10, y: 20 });
    expect(handlePoint(r, 'se')).toEqual({ x: 50, y: 80 });
    expect(handlePoint(r, 'n')).toEqual({ x: 30, y: 20 });
    expect(handlePoint(r, 'w')).toEqual({ x: 10, y: 50 });
  });
});
