import { clamp } from './geometry.ts';
import type { Point, Rect, Size } from './types.ts';

export interface ViewportOptions {
  minScale?: number;
  maxScale?: number;
  /** Multiplicative step of zoomIn/zoomOut. */
  zoomStep?: number;
  /** Margin around the image when fitting, screen px. */
  fitMargin?: number;
}

/**
 * Maps image pixels to screen (CSS) pixels: screen = image * scale + translation.
 * Everything (image, boxes, handles) is drawn through this one transform, so boxes stay on the
 * image at any zoom.
 */
export class Viewport {
  scale = 1;
  x = 0;
  y = 0;
  screen: Size = { width: 0, height: 0 };
  image: Size = { width: 1, height: 1 };
  readonly minScale: number;
  readonly maxScale: number;
  readonly zoomStep: number;
  readonly fitMargin: number;
  /** Increments on every change, for cheap dirty checks. */
  version = 0;
  /** Called after every change of scale, translation or sizes. */
  onChange: () => void = () => {};

  constructor(options: ViewportOptions = {}) {
    this.minScale = options.minScale ?? 0.02;
    this.maxScale = options.maxScale ?? 64;
    this.zoomStep = options.zoomStep ?? 1.25;
    this.fitMargin = options.fitMargin ?? 16;
  }

  setScreenSize(width: number, height: number): void {
    this.screen = { width: Math.max(0, width), height: Math.max(0, height) };
    this.changed();
  }

  setImageSize(width: number, height: number): void {
    this.image = { width: Math.max(1, width), height: Math.max(1, height) };
    this.changed();
  }

  imageToScreen(p: Point): Point {
    return { x: p.x * this.scale + this.x, y: p.y * this.scale + this.y };
  }

  screenToImage(p: Point): Point {
    return { x: (p.x - this.x) / this.scale, y: (p.y - this.y) / this.scale };
  }

  rectToScreen(r: Rect): Rect {
    return {
      x: r.x * this.scale + this.x,
      y: r.y * this.scale + this.y,
      width: r.width * this.scale,
      height: r.height * this.scale,
    };
  }

  /** The part of the image space currently visible. */
  visibleImageRect(): Rect {
    return {
      x: -this.x / this.scale,
      y: -this.y / this.scale,
      width: this.screen.width / this.scale,
      height: this.screen.height / this.scale,
    };
  }

  /** The scale that fits the whole image in the view with the margin. */
  fitScale(): number {
    const width = Math.max(1, this.screen.width - 2 * this.fitMargin);
    const height = Math.max(1, this.screen.height - 2 * this.fitMargin);
    return Math.min(width / this.image.width, height / this.image.height);
  }

  /** Zoom range: never so small that the fitted view is out of reach. */
  scaleRange(): [number, number] {
    const min = Math.min(this.minScale, this.fitScale());
    return [min, Math.max(this.maxScale, min)];
  }

  fit(): void {
    const [min, max] = this.scaleRange();
    this.scale = clamp(this.fitScale(), min, max);
    this.center();
  }

  /** Sets the scale, keeping the image point under the view centre where it is. */
  zoomTo(scale: number): void {
    this.zoomAt(this.screen.width / 2, this.screen.height / 2, scale / this.scale);
  }

  /** Zooms by `factor` around a screen point: the image point under it stays under it. */
  zoomAt(screenX: number, screenY: number, factor: number): void {
    const [min, max] = this.scaleRange();
    const next = clamp(this.scale * factor, min, max);
    if (next === this.scale) return;
    const imageX = (screenX - this.x) / this.scale;
    const imageY = (screenY - this.y) / this.scale;
    this.scale = next;
    this.x = screenX - imageX * next;
    this.y = screenY - imageY * next;
    this.changed();
  }

  zoomIn(): void {
    this.zoomTo(this.scale * this.zoomStep);
  }

  zoomOut(): void {
    this.zoomTo(this.scale / this.zoomStep);
  }

  /** 1:1 means one ORIGINAL image pixel per CSS pixel. */
  zoomTo1(): void {
    this.zoomTo(1);
  }

  panBy(dx: number, dy: number): void {
    if (dx === 0 && dy === 0) return;
    this.x += dx;
    this.y += dy;
    this.changed();
  }

  /** Centres the image in the view at the current scale. */
  center(): void {
    this.x = (this.screen.width - this.image.width * this.scale) / 2;
    this.y = (this.screen.height - this.image.height * this.scale) / 2;
    this.changed();
  }

  private changed(): void {
    this.version++;
    this.onChange();
  }
}
