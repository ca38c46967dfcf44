import { SetGeometryCommand } from '../commands.ts';
import { moveRect, rectsEqual, resizeRect, snapRect } from '../geometry.ts';
import { HANDLE_CURSORS } from '../geometry.ts';
import type { Box, EditorPointerEvent, HandleKind, Rect } from '../types.ts';
import { movedBeyond, type Gesture, type ToolContext } from './tool.ts';

/**
 * Moves (handle = null) or resizes one box. The box is previewed while dragging and the
 * document gets exactly one command when the drag ends.
 */
export class BoxEditGesture implements Gesture {
  readonly cursor: string;
  private dragging = false;
  private rect: Rect;

  constructor(
    private readonly ctx: ToolContext,
    private readonly box: Box,
    private readonly handle: HandleKind | null,
    private readonly origin: EditorPointerEvent,
  ) {
    this.rect = box;
    this.cursor = handle ? HANDLE_CURSORS[handle] : 'move';
  }

  move(event: EditorPointerEvent): void {
    const { settings, viewport, doc } = this.ctx;
    if (!this.dragging && !movedBeyond(this.origin, event, settings.dragThreshold)) return;
    this.dragging = true;
    let dx = (event.x - this.origin.x) / viewport.scale;
    let dy = (event.y - this.origin.y) / viewport.scale;
    if (this.handle === null) {
      if (event.shiftKey) {
        if (Math.abs(dx) > Math.abs(dy)) dy = 0;
        else dx = 0;
      }
      if (settings.snapToPixel) {
        dx = Math.round(dx);
        dy = Math.round(dy);
      }
      this.rect = moveRect(this.box, dx, dy, doc.image);
    } else {
      const rect = resizeRect(this.box, this.handle, dx, dy, doc.image, settings.minBoxSize);
      this.rect = settings.snapToPixel ? snapRect(rect) : rect;
    }
    this.ctx.setPreview({ kind: 'edit', boxId: this.box.id, rect: this.rect });
  }

  end(event: EditorPointerEvent): void {
    this.move(event);
    this.ctx.setPreview(null);
    if (!this.dragging || rectsEqual(this.rect, this.box)) return;
    const kind = this.handle ? 'resize' : 'move';
    this.ctx.history.execute(new SetGeometryCommand(this.box.id, this.box, this.rect, kind));
  }

  cancel(): void {
    this.ctx.setPreview(null);
  }
}
