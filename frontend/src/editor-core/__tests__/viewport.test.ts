import { describe, expect, it } from 'vitest';
import { Viewport } from '../viewport.ts';

function make(): Viewport {
  const v = new Viewport({ fitMargin: 20 });
  v.setScreenSize(800, 600);
  v.setImageSize(2000, 1000);
  return v;
}

describe('Viewport', () => {
  it('round-trips screen and image coordinates', () => {
    const v = make();
    v.scale = 2.5;
    v.x = -130;
    v.y = 47;
    for (const p of [
      { x: 0, y: 0 },
      { x: 123.4, y: 567.8 },
      { x: -50, y: 1999 },
    ]) {
      const back = v.screenToImage(v.imageToScreen(p));
      expect(back.x).toBeCloseTo(p.x, 9);
      expect(back.y).toBeCloseTo(p.y, 9);
    }
  });

  it('zooming around a point keeps that image point under the cursor', () => {
    const v = make();
    v.fit();
    const cursor = { x: 300, y: 200 };
    const before = v.screenToImage(cursor);
    v.zoomAt(cursor.x, cursor.y, 3);
    v.zoomAt(cursor.x, cursor.y, 1.7);
    const after = v.screenToImage(cursor);
    expect(after.x).toBeCloseTo(before.x, 9);
    expect(after.y).toBeCloseTo(before.y, 9);
  });

  it('fit centres the image with the margin', () => {
    const v = make();
    v.fit();
    expect(v.scale).toBeCloseTo((800 - 40) / 2000);
    const topLeft = v.imageToScreen({ x: 0, y: 0 });
    const bottomRight = v.imageToScreen({ x: 2000, y: 1000 });
    expect(topLeft.x).toBeCloseTo(20);
    expect(bottomRight.x).toBeCloseTo(780);
    expect((topLeft.y + bottomRight.y) / 2).toBeCloseTo(300);
  });

  it('1:1 shows one image pixel per screen pixel around the view centre', () => {
    const v = make();
    v.fit();
    const centre = v.screenToImage({ x: 400, y: 300 });
    v.zoomTo1();
    expect(v.scale).toBe(1);
    const after = v.screenToImage({ x: 400, y: 300 });
    expect(after.x).toBeCloseTo(centre.x);
    expect(after.y).toBeCloseTo(centre.y);
  });

  it('zooms in and out by steps and clamps the range', () => {
    const v = make();
    v.scale = 1;
    v.zoomIn();
    expect(v.scale).toBeCloseTo(1.25);
    v.zoomOut();
    expect(v.scale).toBeCloseTo(1);
    for (let i = 0; i < 100; i++) v.zoomIn();
    expect(v.scale).toBe(v.maxScale);
    for (let i = 0; i < 200; i++) v.zoomOut();
    expect(v.scale).toBe(v.scaleRange()[0]);
  });

  it('pans and reports changes', () => {
    const v = make();
    let changes = 0;
    v.onChange = () => changes++;
    v.panBy(10, -5);
    expect([v.x, v.y]).toEqual([10, -5]);
    v.panBy(0, 0);
    expect(changes).toBe(1);
  });

  it('reports the visible image rectangle', () => {
    const v = make();
    v.scale = 2;
    v.x = -100;
    v.y = -50;
    expect(v.visibleImageRect()).toEqual({ x: 50, y: 25, width: 400, height: 300 });
  });
});
