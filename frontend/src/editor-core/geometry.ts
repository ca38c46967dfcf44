import type { HandleKind, Point, Rect, Size } from './types.ts';

export const HANDLES: readonly HandleKind[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

/** Turns a drag from `a` to `b` (in any direction) into a rectangle with positive size. */
export function normalizeRect(a: Point, b: Point): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) };
}

/** Intersects a rectangle with the image; the result may have zero size. */
export function clipRect(rect: Rect, image: Size): Rect {
  const left = clamp(rect.x, 0, image.width);
  const top = clamp(rect.y, 0, image.height);
  const right = clamp(rect.x + rect.width, 0, image.width);
  const bottom = clamp(rect.y + rect.height, 0, image.height);
  return { x: left, y: top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

/** Shifts a rectangle (keeping its size where possible) so that it lies inside the image. */
export function clampRect(rect: Rect, image: Size): Rect {
  const width = Math.min(rect.width, image.width);
  const height = Math.min(rect.height, image.height);
  return {
    x: clamp(rect.x, 0, image.width - width),
    y: clamp(rect.y, 0, image.height - height),
    width,
    height,
  };
}

/** Moves a rectangle by (dx, dy), stopping at the image edges without changing its size. */
export function moveRect(rect: Rect, dx: number, dy: number, image: Size): Rect {
  return clampRect({ ...rect, x: rect.x + dx, y: rect.y + dy }, image);
}

/** Rounds the edges of a rectangle to whole pixels (edges, not size, so nothing drifts). */
export function snapRect(rect: Rect): Rect {
  const left = Math.round(rect.x);
  const top = Math.round(rect.y);
  return {
    x: left,
    y: top,
    width: Math.round(rect.x + rect.width) - left,
    height: Math.round(rect.y + rect.height) - top,
  };
}

function moveEdge(moved: number, fixed: number, minSize: number, limit: number): [number, number] {
  let edge = clamp(moved, 0, limit);
  if (Math.abs(edge - fixed) < minSize) {
    const direction = edge >= fixed ? 1 : -1;
    edge = fixed + direction * minSize;
    if (edge < 0 || edge > limit) edge = fixed - direction * minSize;
    edge = clamp(edge, 0, limit);
  }
  return edge < fixed ? [edge, fixed] : [fixed, edge];
}

/**
 * Resizes `start` by dragging one handle by (dx, dy) image pixels. Dragging an edge past the
 * opposite one flips the box; the result stays inside the image and at least `minSize` wide/high.
 */
export function resizeRect(
  start: Rect,
  handle: HandleKind,
  dx: number,
  dy: number,
  image: Size,
  minSize = 1,
): Rect {
  let left = start.x;
  let right = start.x + start.width;
  let top = start.y;
  let bottom = start.y + start.height;
  if (handle.includes('w')) [left, right] = moveEdge(left + dx, right, minSize, image.width);
  if (handle.includes('e')) [left, right] = moveEdge(right + dx, left, minSize, image.width);
  if (handle.includes('n')) [top, bottom] = moveEdge(top + dy, bottom, minSize, image.height);
  if (handle.includes('s')) [top, bottom] = moveEdge(bottom + dy, top, minSize, image.height);
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** Position of a handle on a rectangle (same space as the rectangle). */
export function handlePoint(rect: Rect, handle: HandleKind): Point {
  const x = handle.includes('w')
    ? rect.x
    : handle.includes('e')
      ? rect.x + rect.width
      : rect.x + rect.width / 2;
  const y = handle.includes('n')
    ? rect.y
    : handle.includes('s')
      ? rect.y + rect.height
      : rect.y + rect.height / 2;
  return { x, y };
}

export function containsPoint(rect: Rect, x: number, y: number, tolerance = 0): boolean {
  return (
    x >= rect.x - tolerance &&
    x <= rect.x + rect.width + tolerance &&
    y >= rect.y - tolerance &&
    y <= rect.y + rect.height + tolerance
  );
}

export function rectsEqual(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

export const HANDLE_CURSORS: Record<HandleKind, string> = {
  nw: 'nwse-resize',
  se: 'nwse-resize',
  ne: 'nesw-resize',
  sw: 'nesw-resize',
  n: 'ns-resize',
  s: 'ns-resize',
  e: 'ew-resize',
  w: 'ew-resize',
};
