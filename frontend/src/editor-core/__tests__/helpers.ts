import { EditorController } from '../editor-controller.ts';
import type { Box, EditorPointerEvent, Label } from '../types.ts';

export const LABELS: Label[] = [
  { id: 1, name: 'Lesion', color: '#ff0000', shortcut: '1' },
  { id: 2, name: 'Nodule', color: '#00ff00', shortcut: '2' },
];

export function box(
  id: string,
  x: number,
  y: number,
  width: number,
  height: number,
  labelId = 1,
): Box {
  return { id, labelId, x, y, width, height, comment: '' };
}

/** A controller on a 1000 x 800 image in an 800 x 600 view, at the given scale and translation. */
export function makeEditor(
  options: {
    scale?: number;
    x?: number;
    y?: number;
    boxes?: Box[];
    tool?: 'select' | 'draw' | 'pan';
  } = {},
) {
  let nextId = 0;
  let clock = 0;
  const editor = new EditorController({
    createId: () => `b${++nextId}`,
    now: () => (clock += 10_000),
    tool: options.tool,
  });
  editor.viewport.setScreenSize(800, 600);
  editor.loadDocument({ width: 1000, height: 800, boxes: options.boxes ?? [], labels: LABELS });
  editor.viewport.scale = options.scale ?? 1;
  editor.viewport.x = options.x ?? 0;
  editor.viewport.y = options.y ?? 0;
  return editor;
}

/** Screen position of an image point under the editor's current viewport. */
export function screenOf(editor: EditorController, x: number, y: number) {
  return editor.viewport.imageToScreen({ x, y });
}

export function pointer(
  x: number,
  y: number,
  extra: Partial<EditorPointerEvent> = {},
): EditorPointerEvent {
  return { x, y, button: 0, ...extra };
}

/** Presses at `from`, moves in `steps` steps to `to`, releases there (screen px). */
export function drag(
  editor: EditorController,
  from: { x: number; y: number },
  to: { x: number; y: number },
  extra: Partial<EditorPointerEvent> = {},
  steps = 4,
): void {
  editor.pointerDown(pointer(from.x, from.y, extra));
  for (let i = 1; i <= steps; i++) {
    const t = i / steps;
    editor.pointerMove(pointer(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t, extra));
  }
  editor.pointerUp(pointer(to.x, to.y, extra));
}
