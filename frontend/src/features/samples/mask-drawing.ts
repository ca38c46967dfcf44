import {
  clipRect,
  moveRect,
  normalizeRect,
  resizeRect,
  snapRect,
  type Point,
  type Rect,
  type Size,
} from '../../editor-core/index.ts';

/** The corners of a mask that resize it. */
export type Corner = 'nw' | 'ne' | 'se' | 'sw';
export const CORNERS: readonly Corner[] = ['nw', 'ne', 'se', 'sw'];

/** What a press on the image started: a new mask, or moving or resizing mask `index`. */
export type Gesture =
  | { kind: 'draw'; index: number; start: Point }
  | { kind: 'move'; index: number; start: Point; origin: Rect }
  | { kind: 'resize'; index: number; corner: Corner; start: Point; origin: Rect };

/** A mask narrower or lower than this (image pixels) when the drag ends was a click: it is dropped. */
export const MIN_MASK_SIDE = 2;

/** The image pixel under a pointer, from the element's box on screen (which shows the whole image). */
export function toImagePoint(
  clientX: number,
  clientY: number,
  box: { left: number; top: number; width: number; height: number },
  image: Size,
): Point {
  const x = ((clientX - box.left) / Math.max(box.width, 1)) * image.width;
  const y = ((clientY - box.top) / Math.max(box.height, 1)) * image.height;
  return { x: Math.min(Math.max(x, 0), image.width), y: Math.min(Math.max(y, 0), image.height) };
}

/** Starts drawing a mask at `point`: an empty one is added, which the drag then spans. */
export function startDrawing(masks: Rect[], point: Point): [Rect[], Gesture] {
  const gesture: Gesture = { kind: 'draw', index: masks.length, start: point };
  return [[...masks, { x: point.x, y: point.y, width: 0, height: 0 }], gesture];
}

/** The masks while a gesture is dragged to `point`, every mask inside the image. */
export function dragTo(masks: Rect[], gesture: Gesture, point: Point, image: Size): Rect[] {
  let next: Rect;
  if (gesture.kind === 'draw') {
    next = clipRect(normalizeRect(gesture.start, point), image);
  } else if (gesture.kind === 'move') {
    next = moveRect(gesture.origin, point.x - gesture.start.x, point.y - gesture.start.y, image);
  } else {
    const dx = point.x - gesture.start.x;
    const dy = point.y - gesture.start.y;
    next = resizeRect(gesture.origin, gesture.corner, dx, dy, image, MIN_MASK_SIDE);
  }
  return masks.map((mask, index) => (index === gesture.index ? next : mask));
}

/** The masks once the pointer is released: a drawn mask too small to mean anything goes. */
export function finish(masks: Rect[], gesture: Gesture): Rect[] {
  if (gesture.kind !== 'draw') return masks;
  const drawn = masks[gesture.index];
  if (drawn && drawn.width >= MIN_MASK_SIDE && drawn.height >= MIN_MASK_SIDE) return masks;
  return masks.filter((_, index) => index !== gesture.index);
}

/** Whole-pixel masks inside the image, non-empty: what is sent to POST .../mask. */
export function toMaskRegions(masks: Rect[], image: Size): Rect[] {
  return masks
    .map((mask) => clipRect(snapRect(mask), image))
    .filter((mask) => mask.width > 0 && mask.height > 0);
}

/** Adds the regions OCR found as masks, skipping those already masked exactly. */
export function withRegions(masks: Rect[], regions: Rect[]): Rect[] {
  const key = (rect: Rect) => `${rect.x},${rect.y},${rect.width},${rect.height}`;
  const present = new Set(masks.map(key));
  const fresh = regions
    .map(({ x, y, width, height }) => ({ x, y, width, height }))
    .filter((rect) => !present.has(key(rect)));
  return [...masks, ...fresh];
}
