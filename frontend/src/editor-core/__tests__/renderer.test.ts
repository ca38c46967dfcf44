import { describe, expect, it } from 'vitest';
import { renderScene, type Scene } from '../renderer.ts';
import { Viewport } from '../viewport.ts';
import { LABELS, box } from './helpers.ts';

/** Records the calls the renderer makes; enough of CanvasRenderingContext2D for renderScene. */
function fakeContext() {
  const calls: { name: string; args: unknown[] }[] = [];
  const target: Record<string, unknown> = {
    // 7 px a character, as a 12 px font roughly is
    measureText: (text: string) => ({ width: text.length * 7 }),
  };
  const ctx = new Proxy(target, {
    get(object, property: string) {
      if (property in object) return object[property];
      return (...args: unknown[]) => calls.push({ name: property, args });
    },
    set(object, property: string, value) {
      object[property] = value;
      return true;
    },
  });
  return { ctx: ctx as unknown as CanvasRenderingContext2D, calls };
}

function scene(overrides: Partial<Scene> = {}): Scene {
  const viewport = new Viewport();
  viewport.setScreenSize(400, 300);
  viewport.setImageSize(4000, 3000);
  viewport.scale = 1;
  return {
    viewport,
    boxes: [],
    label: (id) => LABELS.find((label) => label.id === id),
    selectedId: null,
    hoverId: null,
    preview: null,
    image: null,
    imageSize: { width: 1, height: 1 },
    imageFilter: 'none',
    pointer: null,
    crosshair: false,
    showLabels: false,
    drawColor: '#fff',
    ...overrides,
  };
}

describe('renderScene', () => {
  it('draws only the boxes inside the view (culling)', () => {
    const boxes = Array.from({ length: 600 }, (_, i) =>
      box(`b${i}`, (i % 30) * 130, Math.floor(i / 30) * 140, 100, 100),
    );
    const { ctx, calls } = fakeContext();
    renderScene(ctx, scene({ boxes }));
    const strokes = calls.filter((call) => call.name === 'strokeRect');
    // columns 0..3 (x < 400) and rows 0..2 (y < 300) are visible
    expect(strokes).toHaveLength(4 * 3);
  });

  it('draws boxes in screen space through the viewport', () => {
    const viewport = new Viewport();
    viewport.setScreenSize(400, 300);
    viewport.setImageSize(4000, 3000);
    viewport.scale = 2;
    viewport.x = -100;
    viewport.y = 10;
    const { ctx, calls } = fakeContext();
    renderScene(ctx, scene({ viewport, boxes: [box('a', 60, 20, 10, 5)] }));
    expect(calls.find((call) => call.name === 'strokeRect')?.args).toEqual([20, 50, 20, 10]);
  });

  it('draws 8 handles on the selected box and the edit preview in its place', () => {
    const { ctx, calls } = fakeContext();
    renderScene(
      ctx,
      scene({
        boxes: [box('a', 10, 10, 50, 50)],
        selectedId: 'a',
        preview: { kind: 'edit', boxId: 'a', rect: { x: 20, y: 20, width: 50, height: 50 } },
      }),
    );
    const fills = calls.filter((call) => call.name === 'fillRect');
    // background + selection tint + 8 handles
    expect(fills).toHaveLength(10);
    expect(fills[1]?.args).toEqual([20, 20, 50, 50]);
  });

  describe('label names', () => {
    function chips(scale: number, at: { x: number; y: number }, selectedId: string | null = null) {
      const viewport = new Viewport();
      viewport.setScreenSize(400, 300);
      viewport.setImageSize(4000, 3000);
      viewport.scale = scale;
      viewport.x = at.x;
      viewport.y = at.y;
      const { ctx, calls } = fakeContext();
      const fonts: unknown[] = [];
      const record = new Proxy(ctx, {
        set(object, property, value) {
          if (property === 'font') fonts.push(value);
          return Reflect.set(object, property, value);
        },
      });
      renderScene(
        record,
        scene({ viewport, boxes: [box('a', 100, 100, 50, 40)], selectedId, showLabels: true }),
      );
      const texts = calls.filter((call) => call.name === 'fillText');
      const rects = calls.filter((call) => call.name === 'fillRect').slice(1); // not the background
      return { texts, rects, fonts };
    }

    it('are the same size on screen at any zoom (screen pixels, not image pixels)', () => {
      const small = chips(0.5, { x: 0, y: 0 });
      const large = chips(4, { x: -300, y: -300 });
      expect(small.texts[0]?.args[0]).toBe('Lesion');
      expect(large.texts[0]?.args[0]).toBe('Lesion');
      expect(small.fonts).toEqual(large.fonts);
      const [, , smallWidth, smallHeight] = small.rects[0]!.args as number[];
      const [, , largeWidth, largeHeight] = large.rects[0]!.args as number[];
      expect([smallWidth, smallHeight]).toEqual([largeWidth, largeHeight]);
      expect(smallHeight).toBe(16);
    });

    it('sit above the box, and stay on screen when the box top is above the view', () => {
      const above = chips(1, { x: 0, y: 0 });
      expect(above.rects[0]!.args.slice(0, 2)).toEqual([100, 84]); // 16 px above y = 100
      // zoomed in on the box: its top-left (100, 100) is at screen (-100, -150)
      const inside = chips(8, { x: -900, y: -950 });
      expect(inside.rects[0]!.args.slice(0, 2)).toEqual([0, 0]);
      expect(inside.texts).toHaveLength(1);
    });

    it('are written in black or white, whichever reads on the label colour', () => {
      const { calls, ctx } = fakeContext();
      const fills: unknown[] = [];
      const record = new Proxy(ctx, {
        set(object, property, value) {
          if (property === 'fillStyle') fills.push(value);
          return Reflect.set(object, property, value);
        },
      });
      renderScene(record, scene({ boxes: [box('a', 100, 100, 50, 40, 2)], showLabels: true }));
      expect(calls.some((call) => call.name === 'fillText')).toBe(true);
      expect(fills.slice(-2)).toEqual(['#00ff00', '#000000']); // green chip, black name
    });
  });
});
