import { HANDLES, containsPoint, handlePoint } from './geometry.ts';
import type { Box, HandleKind, Point } from './types.ts';

export type Hit =
  { kind: 'handle'; box: Box; handle: HandleKind } | { kind: 'body'; box: Box } | null;

export interface HitTestOptions {
  /** Image pixels per screen pixel is 1 / scale; tolerances below are in SCREEN pixels. */
  scale: number;
  selectedId: string | null;
  /** Half-size of the grab area around a handle, screen px. */
  handleTolerance?: number;
  /** Extra grab area around a box border, screen px. */
  edgeTolerance?: number;
}

/** Which handle of `box` lies within `tolerance` screen pixels of `point` (image coordinates). */
export function hitHandle(
  box: Box,
  point: Point,
  scale: number,
  tolerance: number,
): HandleKind | null {
  const limit = tolerance / scale;
  let best: HandleKind | null = null;
  let bestDistance = Infinity;
  for (const handle of HANDLES) {
    const p = handlePoint(box, handle);
    const dx = Math.abs(p.x - point.x);
    const dy = Math.abs(p.y - point.y);
    if (dx <= limit && dy <= limit && dx + dy < bestDistance) {
      best = handle;
      bestDistance = dx + dy;
    }
  }
  return best;
}

/**
 * Finds what lies under an image point: first the handles of the selected box, then the box
 * bodies. Among boxes containing the point the smallest wins (a lesion inside an organ stays
 * clickable); equal sizes go to the topmost (last drawn).
 */
export function hitTest(boxes: readonly Box[], point: Point, options: HitTestOptions): Hit {
  const { scale, selectedId } = options;
  const handleTolerance = options.handleTolerance ?? 6;
  const edgeTolerance = (options.edgeTolerance ?? 3) / scale;
  if (selectedId !== null) {
    const selected = boxes.find((box) => box.id === selectedId);
    if (selected) {
      const handle = hitHandle(selected, point, scale, handleTolerance);
      if (handle) return { kind: 'handle', box: selected, handle };
    }
  }
  let best: Box | null = null;
  let bestArea = Infinity;
  for (let i = boxes.length - 1; i >= 0; i--) {
    const box = boxes[i]!;
    if (!containsPoint(box, point.x, point.y, edgeTolerance)) continue;
    const area = box.width * box.height;
    if (area < bestArea) {
      best = box;
      bestArea = area;
    }
  }
  return best ? { kind: 'body', box: best } : null;
}
