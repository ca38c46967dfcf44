import { HANDLE_CURSORS } from '../geometry.ts';
import { hitTest, type Hit } from '../hit-test.ts';
import type { EditorPointerEvent } from '../types.ts';
import { BoxEditGesture } from './box-edit-gesture.ts';
import { PanGesture } from './pan-gesture.ts';
import type { Gesture, Tool, ToolContext } from './tool.ts';

function hitAt(event: EditorPointerEvent, ctx: ToolContext): Hit {
  return hitTest(ctx.doc.boxes, ctx.viewport.screenToImage(event), {
    scale: ctx.viewport.scale,
    selectedId: ctx.doc.selectedId,
    handleTolerance: ctx.settings.handleTolerance,
  });
}

/**
 * Click selects; dragging a box moves it; dragging a handle of the selected box resizes it;
 * a click on empty space deselects and a drag there pans the view.
 */
export class SelectTool implements Tool {
  readonly name = 'select';

  press(event: EditorPointerEvent, ctx: ToolContext): Gesture | null {
    const hit = hitAt(event, ctx);
    if (!hit) {
      ctx.doc.select(null);
      return new PanGesture(ctx.viewport, event);
    }
    ctx.doc.select(hit.box.id);
    return new BoxEditGesture(ctx, hit.box, hit.kind === 'handle' ? hit.handle : null, event);
  }

  hoverCursor(event: EditorPointerEvent, ctx: ToolContext): string {
    const hit = hitAt(event, ctx);
    if (!hit) return 'default';
    return hit.kind === 'handle' ? HANDLE_CURSORS[hit.handle] : 'move';
  }
}

/** The hand tool: every primary drag pans. */
export class PanTool implements Tool {
  readonly name = 'pan';

  press(event: EditorPointerEvent, ctx: ToolContext): Gesture {
    return new PanGesture(ctx.viewport, event);
  }

  hoverCursor(): string {
    return 'grab';
  }
}
