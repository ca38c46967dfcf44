import { Emitter } from './emitter.ts';
import { PixelSource } from './pixel-source.ts';
import type { PixelData, Size, WindowState } from './types.ts';
import { windowPresets, type WindowPreset } from './window-presets.ts';

/**
 * Holds the display settings of the image: window centre/width and invert for monochrome pixel
 * data, brightness/contrast for ordinary images. `version` bumps when the image layer must be
 * rebuilt.
 */
export class WindowController {
  readonly events = new Emitter<{ changed: WindowState }>();
  source: PixelSource | null = null;
  modality: string | null = null;
  filePresets: readonly WindowPreset[] = [];
  version = 0;
  private state: WindowState = {
    hasPixels: false,
    center: 127.5,
    width: 256,
    invert: false,
    brightness: 0,
    contrast: 0,
  };

  load(
    pixels: PixelData | null | undefined,
    image: Size,
    modality?: string | null,
    filePresets: readonly WindowPreset[] = [],
  ): void {
    this.source = pixels ? new PixelSource(pixels, image) : null;
    this.modality = modality ?? null;
    this.filePresets = filePresets;
    const window = this.source?.defaultWindow() ?? { center: 127.5, width: 256 };
    this.state = {
      hasPixels: this.source !== null,
      ...window,
      invert: false,
      brightness: 0,
      contrast: 0,
    };
    this.changed();
  }

  get(): WindowState {
    return { ...this.state };
  }

  setWindow(center: number, width: number): void {
    if (!Number.isFinite(center) || !Number.isFinite(width) || width <= 0) return;
    if (center === this.state.center && width === this.state.width) return;
    this.state = { ...this.state, center, width };
    this.changed();
  }

  setInvert(invert: boolean): void {
    if (invert === this.state.invert) return;
    this.state = { ...this.state, invert };
    this.changed();
  }

  setBrightnessContrast(brightness: number, contrast: number): void {
    const b = Math.max(-100, Math.min(100, brightness));
    const c = Math.max(-100, Math.min(100, contrast));
    if (b === this.state.brightness && c === this.state.contrast) return;
    this.state = { ...this.state, brightness: b, contrast: c };
    this.changed();
  }

  /** Back to the file's window (or full range), no invert, neutral brightness/contrast. */
  reset(): void {
    const window = this.source?.defaultWindow() ?? { center: 127.5, width: 256 };
    this.state = { ...this.state, ...window, invert: false, brightness: 0, contrast: 0 };
    this.changed();
  }

  /** Window units per screen pixel of right-button drag. */
  sensitivity(): number {
    if (!this.source) return 1;
    const { min, max } = this.source.valueRange;
    return Math.max((max - min) / 1000, 1e-3);
  }

  valueAt(imageX: number, imageY: number): number | null {
    return this.source ? this.source.valueAt(imageX, imageY) : null;
  }

  presets(): WindowPreset[] {
    if (!this.source) return [];
    return windowPresets({
      modality: this.modality,
      defaultWindow: this.source.defaultWindow(),
      filePresets: this.filePresets,
      valueRange: this.source.valueRange,
    });
  }

  private changed(): void {
    this.version++;
    this.events.emit('changed', this.get());
  }
}
