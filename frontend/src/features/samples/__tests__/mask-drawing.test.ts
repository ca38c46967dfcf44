import { describe, expect, it } from 'vitest';
import {
  dragTo,
  finish,
  startDrawing,
  toImagePoint,
  toMaskRegions,
  withRegions,
} from '../mask-drawing.ts';

const IMAGE = { width: 640, height: 480 };

describe('mask drawing', () => {
  it('maps a pointer on a shrunken image to image pixels, clamped to the image', () => {
    const box = { left: 100, top: 50, width: 320, height: 240 };
    expect(toImagePoint(260, 170, box, IMAGE)).toEqual({ x: 320, y: 240 });
    expect(toImagePoint(0, 1000, box, IMAGE)).toEqual({ x: 0, y: 480 });
  });

  it('draws a mask in any direction, inside the image', () => {
    const [masks, gesture] = startDrawing([], { x: 100, y: 100 });
    const dragged = dragTo(masks, gesture, { x: 20, y: 700 }, IMAGE);
    expect(finish(dragged, gesture)).toEqual([{ x: 20, y: 100, width: 80, height: 380 }]);
  });

  it('drops a mask that was only a click', () => {
    const [masks, gesture] = startDrawing([{ x: 1, y: 1, width: 5, height: 5 }], { x: 50, y: 50 });
    expect(finish(dragTo(masks, gesture, { x: 51, y: 50 }, IMAGE), gesture)).toEqual([
      { x: 1, y: 1, width: 5, height: 5 },
    ]);
  });

  it('moves a mask without leaving the image and resizes it from a corner', () => {
    const origin = { x: 600, y: 10, width: 30, height: 10 };
    const moved = dragTo(
      [origin],
      { kind: 'move', index: 0, start: { x: 610, y: 15 }, origin },
      { x: 700, y: 25 },
      IMAGE,
    );
    expect(moved).toEqual([{ x: 610, y: 20, width: 30, height: 10 }]);
    const resized = dragTo(
      [origin],
      { kind: 'resize', index: 0, corner: 'nw', start: { x: 600, y: 10 }, origin },
      { x: 590, y: 0 },
      IMAGE,
    );
    expect(resized).toEqual([{ x: 590, y: 0, width: 40, height: 20 }]);
  });

  it('sends whole-pixel, non-empty masks and adds found regions once', () => {
    const masks = [
      { x: 10.4, y: 5.6, width: 20.2, height: 4 },
      { x: 639.6, y: 0, width: 0.2, height: 3 },
    ];
    expect(toMaskRegions(masks, IMAGE)).toEqual([{ x: 10, y: 6, width: 21, height: 4 }]);
    const region = { x: 1, y: 2, width: 3, height: 4 };
    const once = withRegions([], [{ ...region, id: 7, text: 'DOE', confidence: 0.9 }] as never);
    expect(once).toEqual([region]);
    expect(withRegions(once, [region])).toEqual([region]);
  });
});
