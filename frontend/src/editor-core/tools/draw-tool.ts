import { AddBoxCommand } from '../commands.ts';
import { HANDLE_CURSORS, clipRect, normalizeRect, snapRect } from '../geometry.ts';
import { hitHandle, hitTest } from '../hit-test.ts';
import type { EditorPointerEvent, Point, Rect } from '../types.ts';
import { BoxEditGesture } from './box-edit-gesture.ts';
import { movedBeyond, type Gesture, type Tool, type ToolContext } from './tool.ts';

/**
 * Drags out a new box with the current label. A click without a drag only (de)selects. The new box
 * is NOT selected (and a box selected before is deselected): a label key right after drawing picks
 * the label of the next box, never relabels the one just drawn; a box is relabelled only once the
 * reader selects it (click, Tab, the box list).
 */
class DrawGesture implements Gesture {
  readonly cursor = 'crosshair';
  private dragging = false;
  private rect: Rect | null = null;
  private readonly start: Point;

  constructor(
    private readonly ctx: ToolContext,
    private readonly labelId: number,
    private readonly origin: EditorPointerEvent,
  ) {
    this.start = ctx.viewport.screenToImage(origin);
  }

  move(event: EditorPointerEvent): void {
    const { settings, viewport, doc } = this.ctx;
    if (!this.dragging && !movedBeyond(this.origin, event, settings.dragThreshold)) return;
    this.dragging = true;
    const current = viewport.screenToImage(event);
    if (event.shiftKey) {
      const side = Math.max(Math.abs(current.x - this.start.x), Math.abs(current.y - this.start.y));
      current.x = this.start.x + Math.sign(current.x - this.start.x || 1) * side;
      current.y = this.start.y + Math.sign(current.y - this.start.y || 1) * side;
    }
    const rect = clipRect(normalizeRect(this.start, current), doc.image);
    this.rect = settings.snapToPixel ? snapRect(rect) : rect;
    this.ctx.setPreview({ kind: 'draw', rect: this.rect, labelId: this.labelId });
  }

  end(event: EditorPointerEvent): void {
    this.move(event);
    this.ctx.setPreview(null);
    const { doc, settings, viewport } = this.ctx;
    if (!this.dragging || !this.rect) {
      const hit = hitTest(doc.boxes, this.start, {
        scale: viewport.scale,
        selectedId: doc.selectedId,
      });
      doc.select(hit ? hit.box.id : null);
      return;
    }
    const { rect } = this;
    if (rect.width < settings.minBoxSize || rect.height < settings.minBoxSize) return;
    const box = { id: this.ctx.createId(), labelId: this.labelId, comment: '', ...rect };
    this.ctx.history.execute(new AddBoxCommand(box));
    doc.select(null);
  }

  cancel(): void {
    this.ctx.setPreview(null);
  }
}

export class DrawTool implements Tool {
  readonly name = 'draw';

  press(event: EditorPointerEvent, ctx: ToolContext): Gesture | null {
    const selected = ctx.doc.selectedBox;
    if (selected) {
      const point = ctx.viewport.screenToImage(event);
      const handle = hitHandle(selected, point, ctx.viewport.scale, ctx.settings.handleTolerance);
      if (handle) return new BoxEditGesture(ctx, selected, handle, event);
    }
    const labelId = ctx.currentLabelId();
    if (labelId === null) return null;
    return new DrawGesture(ctx, labelId, event);
  }

  hoverCursor(event: EditorPointerEvent, ctx: ToolContext): string {
    const selected = ctx.doc.selectedBox;
    if (selected) {
      const point = ctx.viewport.screenToImage(event);
      const handle = hitHandle(selected, point, ctx.viewport.scale, ctx.settings.handleTolerance);
      if (handle) return HANDLE_CURSORS[handle];
    }
    return 'crosshair';
  }
}
