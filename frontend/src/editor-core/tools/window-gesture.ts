import type { EditorPointerEvent } from '../types.ts';
import type { Gesture, WindowControl } from './tool.ts';

/**
 * Right-button drag. Monochrome pixel data: horizontal = window width (right widens),
 * vertical = level/centre (down raises it, so the image darkens). Ordinary images:
 * horizontal = contrast, vertical = brightness (up brightens).
 */
export class WindowGesture implements Gesture {
  readonly cursor = 'crosshair';
  private readonly start: { center: number; width: number; brightness: number; contrast: number };
  private readonly hasPixels: boolean;
  private readonly step: number;

  constructor(
    private readonly control: WindowControl,
    private readonly origin: EditorPointerEvent,
  ) {
    const state = control.get();
    this.hasPixels = state.hasPixels;
    this.start = { ...state };
    this.step = control.sensitivity();
  }

  move(event: EditorPointerEvent): void {
    const dx = event.x - this.origin.x;
    const dy = event.y - this.origin.y;
    if (this.hasPixels) {
      const width = Math.max(1, this.start.width + dx * this.step);
      this.control.setWindow(this.start.center + dy * this.step, width);
    } else {
      this.control.setBrightnessContrast(
        Math.round(this.start.brightness - dy / 2),
        Math.round(this.start.contrast + dx / 2),
      );
    }
  }

  end(event: EditorPointerEvent): void {
    this.move(event);
  }

  cancel(): void {
    if (this.hasPixels) this.control.setWindow(this.start.center, this.start.width);
    else this.control.setBrightnessContrast(this.start.brightness, this.start.contrast);
  }
}
