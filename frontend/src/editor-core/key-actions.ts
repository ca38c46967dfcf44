import type { EditorController } from './editor-controller.ts';
import type { KeyAction } from './keyboard.ts';
import type { Box } from './types.ts';

/** Carries out one action of the key map; returns true when the key was used. */
export function performKeyAction(editor: EditorController, action: KeyAction): boolean {
  switch (action.type) {
    case 'delete':
      return editor.deleteSelected();
    case 'undo':
      editor.undo();
      return true;
    case 'redo':
      editor.redo();
      return true;
    case 'zoom-in':
      editor.viewport.zoomIn();
      return true;
    case 'zoom-out':
      editor.viewport.zoomOut();
      return true;
    case 'fit':
      editor.viewport.fit();
      return true;
    case 'zoom-1':
      editor.viewport.zoomTo1();
      return true;
    case 'escape':
      if (editor.interaction.cancel()) return true;
      if (editor.doc.selectedId === null) return false;
      editor.doc.select(null);
      return true;
    case 'nudge':
      if (editor.nudgeSelected(action.dx, action.dy)) return true;
      editor.viewport.panBy(-action.dx * 5, -action.dy * 5);
      return true;
    case 'tool':
      editor.setTool(action.tool);
      return true;
    case 'invert':
      editor.window.setInvert(!editor.window.get().invert);
      return true;
    case 'reset-window':
      editor.window.reset();
      return true;
    case 'cycle':
      return cycleSelection(editor, action.backwards);
    case 'window-preset':
      return applyPreset(editor, action.index);
    case 'space':
      editor.interaction.spaceHeld = action.down;
      editor.interaction.cursor = action.down ? 'grab' : 'default';
      editor.invalidate();
      return true;
  }
}

/** Shift+N: the Nth window preset of the image; false (the key goes on) without pixel data or preset. */
function applyPreset(editor: EditorController, index: number): boolean {
  const preset = editor.window.presets()[index];
  if (!preset) return false;
  editor.window.setWindow(preset.center, preset.width);
  return true;
}

/** Tab / Shift+Tab: select the next / previous box and bring it into view. */
export function cycleSelection(editor: EditorController, backwards: boolean): boolean {
  const boxes = editor.doc.boxes;
  if (boxes.length === 0) return false;
  const index = editor.doc.selectedId === null ? -1 : editor.doc.indexOf(editor.doc.selectedId);
  const step = backwards ? -1 : 1;
  const next =
    index < 0 ? (backwards ? boxes.length - 1 : 0) : (index + step + boxes.length) % boxes.length;
  const box = boxes[next]!;
  editor.doc.select(box.id);
  revealBox(editor, box);
  return true;
}

/** Pans so that a box is visible (centred), without changing the zoom. */
export function revealBox(editor: EditorController, box: Box): void {
  const view = editor.viewport.visibleImageRect();
  const inside =
    box.x >= view.x &&
    box.y >= view.y &&
    box.x + box.width <= view.x + view.width &&
    box.y + box.height <= view.y + view.height;
  if (inside) return;
  const centre = editor.viewport.imageToScreen({
    x: box.x + box.width / 2,
    y: box.y + box.height / 2,
  });
  editor.viewport.panBy(
    editor.viewport.screen.width / 2 - centre.x,
    editor.viewport.screen.height / 2 - centre.y,
  );
}
