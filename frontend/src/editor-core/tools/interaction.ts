import type { EditorPointerEvent, ToolName } from '../types.ts';
import { DrawTool } from './draw-tool.ts';
import { PanGesture } from './pan-gesture.ts';
import { PanTool, SelectTool } from './select-tool.ts';
import type { Gesture, Tool, ToolContext } from './tool.ts';
import { WindowGesture } from './window-gesture.ts';

/**
 * Routes pointer events: middle button or space held pans in any tool, the right button drags
 * window/level, the primary button goes to the active tool. One gesture at a time.
 */
export class Interaction {
  private readonly tools: Record<ToolName, Tool> = {
    select: new SelectTool(),
    draw: new DrawTool(),
    pan: new PanTool(),
  };
  tool: Tool = this.tools.select;
  gesture: Gesture | null = null;
  spaceHeld = false;
  /** Last pointer position over the canvas (screen px), null when outside. */
  pointer: { x: number; y: number } | null = null;
  cursor = 'default';

  constructor(private readonly ctx: ToolContext) {}

  setTool(name: ToolName): void {
    this.cancel();
    this.tool = this.tools[name];
  }

  pointerDown(event: EditorPointerEvent): boolean {
    this.pointer = { x: event.x, y: event.y };
    if (this.gesture) return false;
    if (event.button === 1 || (event.button === 0 && this.spaceHeld)) {
      this.gesture = new PanGesture(this.ctx.viewport, event);
    } else if (event.button === 2) {
      this.gesture = new WindowGesture(this.ctx.windowControl, event);
    } else if (event.button === 0) {
      this.gesture = this.tool.press(event, this.ctx);
    }
    if (this.gesture) this.cursor = this.gesture.cursor;
    return this.gesture !== null;
  }

  pointerMove(event: EditorPointerEvent): void {
    this.pointer = { x: event.x, y: event.y };
    if (this.gesture) {
      this.gesture.move(event);
      return;
    }
    this.cursor = this.spaceHeld ? 'grab' : this.tool.hoverCursor(event, this.ctx);
  }

  pointerUp(event: EditorPointerEvent): void {
    const gesture = this.gesture;
    if (!gesture) return;
    this.gesture = null;
    gesture.end(event);
    this.pointerMove(event);
  }

  pointerLeave(): void {
    if (!this.gesture) this.pointer = null;
  }

  /** Abandons the current drag; returns true if there was one. */
  cancel(): boolean {
    const gesture = this.gesture;
    if (!gesture) return false;
    this.gesture = null;
    gesture.cancel();
    return true;
  }
}
