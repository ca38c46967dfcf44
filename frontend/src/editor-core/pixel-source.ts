import type { PixelData, Size } from './types.ts';
import { applyWindow, storedRange, type WindowSettings } from './window-level.ts';
import { rangeWindow } from './window-presets.ts';

/** Full-depth monochrome pixels of one image: value lookup and windowed rendering. */
export class PixelSource {
  readonly offset: number;
  /** Range of STORED values. */
  readonly stored: { min: number; max: number };
  readonly photometric: 'MONOCHROME1' | 'MONOCHROME2';

  constructor(
    readonly pixels: PixelData,
    /** The original image size the boxes are measured in. */
    readonly image: Size,
  ) {
    if (pixels.data.length < pixels.rows * pixels.columns) {
      throw new Error('pixel data is shorter than rows * columns');
    }
    this.offset = pixels.offset ?? 0;
    this.stored = storedRange(pixels.data);
    this.photometric = pixels.photometric ?? 'MONOCHROME2';
  }

  /** Range of real values (stored + offset). */
  get valueRange(): { min: number; max: number } {
    return { min: this.stored.min + this.offset, max: this.stored.max + this.offset };
  }

  /** The file's window, or the full value range when it has none. */
  defaultWindow(): { center: number; width: number } {
    const { windowCenter, windowWidth } = this.pixels;
    if (windowCenter != null && windowWidth != null && windowWidth > 0) {
      return { center: windowCenter, width: windowWidth };
    }
    return rangeWindow(this.valueRange);
  }

  /** The pixel value at an ORIGINAL-image coordinate, or null outside the image. */
  valueAt(imageX: number, imageY: number): number | null {
    if (!(imageX >= 0 && imageY >= 0 && imageX < this.image.width && imageY < this.image.height)) {
      return null;
    }
    const column = Math.floor((imageX * this.pixels.columns) / this.image.width);
    const row = Math.floor((imageY * this.pixels.rows) / this.image.height);
    const stored = this.pixels.data[row * this.pixels.columns + column];
    return stored === undefined ? null : stored + this.offset;
  }

  /** Renders into RGBA (length 4 * rows * columns). MONOCHROME1 is shown inverted by default. */
  render(window: WindowSettings, out: Uint8ClampedArray): void {
    const invert = window.invert !== (this.photometric === 'MONOCHROME1');
    const count = this.pixels.rows * this.pixels.columns;
    const data = this.pixels.data.subarray(0, count);
    applyWindow(data, this.offset, { ...window, invert }, out, this.stored);
  }
}
