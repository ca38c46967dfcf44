import {
  applyLutRgba,
  brightnessContrastFilter,
  brightnessContrastLut,
} from './brightness-contrast.ts';
import type { PixelSource } from './pixel-source.ts';
import type { WindowState } from './types.ts';

type Canvas2D = HTMLCanvasElement;

function createCanvas(width: number, height: number): Canvas2D {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

/**
 * The image as drawn: for pixel data, the windowed 8-bit image in an offscreen canvas that is
 * rebuilt once per window change (never per frame); for ordinary images, the image itself with a
 * brightness/contrast canvas filter (or a LUT copy where canvas filters are missing).
 */
export class ImageLayer {
  private source: CanvasImageSource | null = null;
  private size = { width: 1, height: 1 };
  private pixels: PixelSource | null = null;
  private canvas: Canvas2D | null = null;
  private imageData: ImageData | null = null;
  private original: ImageData | null = null;
  private builtVersion = -1;
  private filter = 'none';

  constructor(private readonly filterSupported: boolean) {}

  clear(): void {
    this.source = null;
    this.pixels = null;
    this.canvas = null;
    this.imageData = null;
    this.original = null;
    this.builtVersion = -1;
    this.filter = 'none';
  }

  setImage(image: CanvasImageSource, width: number, height: number): void {
    this.clear();
    this.source = image;
    this.size = { width, height };
  }

  setPixels(pixels: PixelSource): void {
    this.clear();
    this.pixels = pixels;
    const { columns, rows } = pixels.pixels;
    this.size = { width: columns, height: rows };
    this.canvas = createCanvas(columns, rows);
    this.imageData = new ImageData(columns, rows);
    this.source = this.canvas;
  }

  /** Brings the layer up to date with the window settings; cheap when nothing changed. */
  update(state: WindowState, version: number): void {
    if (version === this.builtVersion || !this.source) return;
    this.builtVersion = version;
    if (this.pixels && this.canvas && this.imageData) {
      this.pixels.render(state, this.imageData.data);
      this.canvas.getContext('2d')?.putImageData(this.imageData, 0, 0);
      return;
    }
    if (this.filterSupported) {
      this.filter = brightnessContrastFilter(state.brightness, state.contrast);
      return;
    }
    this.applyLut(state);
  }

  private applyLut(state: WindowState): void {
    const { width, height } = this.size;
    if (!this.original) {
      const scratch = createCanvas(width, height);
      const ctx = scratch.getContext('2d', { willReadFrequently: true });
      if (!ctx || !this.source) return;
      ctx.drawImage(this.source, 0, 0);
      this.original = ctx.getImageData(0, 0, width, height);
      this.canvas = scratch;
      this.imageData = new ImageData(width, height);
    }
    this.imageData!.data.set(this.original.data);
    applyLutRgba(this.imageData!.data, brightnessContrastLut(state.brightness, state.contrast));
    this.canvas!.getContext('2d')?.putImageData(this.imageData!, 0, 0);
    this.source = this.canvas;
  }

  get image(): CanvasImageSource | null {
    return this.source;
  }

  get imageSize(): { width: number; height: number } {
    return this.size;
  }

  get imageFilter(): string {
    return this.filter;
  }
}
