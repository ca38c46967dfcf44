import { describe, expect, it } from 'vitest';
import { renderScene, type Scene } from '../renderer.ts';
import { Viewport } from '../viewport.ts';
import { LABELS, box } from './helpers.ts';

/** Records the calls the renderer makes; enough of CanvasRenderingContext2D for renderScene. */
function fakeContext() {
  const calls: { name: string; args: unknown[] }[] = [];
  const target: Record<string, unknown> = {};
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
});
