import type { EditorPointerEvent } from '../types.ts';
import type { Viewport } from '../viewport.ts';
import type { Gesture } from './tool.ts';

/** Drags the view (hand tool, space held, middle button, or a drag on empty space). */
export class PanGesture implements Gesture {
  readonly cursor = 'grabbing';
  private lastX: number;
  private lastY: number;
  private readonly startX: number;
  private readonly startY: number;

  constructor(
    private readonly viewport: Viewport,
    start: EditorPointerEvent,
  ) {
    this.lastX = this.startX = start.x;
    this.lastY = this.startY = start.y;
  }

  move(event: EditorPointerEvent): void {
    this.viewport.panBy(event.x - this.lastX, event.y - this.lastY);
    this.lastX = event.x;
    this.lastY = event.y;
  }

  end(event: EditorPointerEvent): void {
    this.move(event);
  }

  cancel(): void {
    this.viewport.panBy(this.startX - this.lastX, this.startY - this.lastY);
  }
}
