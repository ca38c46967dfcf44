import { vi } from 'vitest';
import type { Box, Editor, EditorEvents, LoadInput } from '../../../editor-core/index.ts';

type Handler = (payload: never) => void;

/** A stand-in for the canvas editor (jsdom has no canvas): records calls, emits events on demand. */
export function createFakeEditor() {
  const handlers = new Map<string, Set<Handler>>();
  let boxes: Box[] = [];
  let selection: Box | null = null;
  let tool: 'select' | 'draw' | 'pan' = 'draw';
  function emit<K extends keyof EditorEvents>(event: K, payload: EditorEvents[K]) {
    for (const handler of handlers.get(event) ?? [])
      (handler as (p: EditorEvents[K]) => void)(payload);
  }
  const editor = {
    load: vi.fn(async (input: LoadInput) => {
      boxes = [...(input.boxes ?? [])];
    }),
    setTool: vi.fn((next: typeof tool) => {
      tool = next;
      emit('tool:changed', { tool });
    }),
    getTool: () => tool,
    setLabel: vi.fn(),
    setLabels: vi.fn(),
    select: vi.fn(),
    setSelectedComment: vi.fn(),
    deleteSelected: vi.fn(() => false),
    undo: vi.fn(() => false),
    redo: vi.fn(() => false),
    canUndo: () => false,
    canRedo: () => false,
    fit: vi.fn(),
    zoomTo1: vi.fn(),
    zoomIn: vi.fn(),
    zoomOut: vi.fn(),
    setWindow: vi.fn(),
    setInvert: vi.fn(),
    setBrightnessContrast: vi.fn(),
    resetWindow: vi.fn(),
    getWindow: () => ({
      hasPixels: false,
      center: 127.5,
      width: 256,
      invert: false,
      brightness: 0,
      contrast: 0,
    }),
    getWindowPresets: () => [],
    getBoxes: () => boxes.map((box) => ({ ...box })),
    getSelection: () => selection,
    handleKey: vi.fn(() => false),
    resize: vi.fn(),
    destroy: vi.fn(),
    on<K extends keyof EditorEvents>(event: K, handler: (payload: EditorEvents[K]) => void) {
      const set = handlers.get(event) ?? new Set<Handler>();
      set.add(handler as Handler);
      handlers.set(event, set);
      return () => set.delete(handler as Handler);
    },
    /** What a mouse drag would do: a new box, NOT selected (a label key then means the next box). */
    drawBox(box: Box) {
      boxes = [...boxes, box];
      selection = null;
      emit('document:changed', {
        reason: 'execute',
        command: 'add-box',
        boxes: boxes.map((item) => ({ ...item })),
        canUndo: true,
        canRedo: false,
      });
    },
    /** What a click on a box would do: the reader selects it. */
    pickBox(id: string) {
      selection = boxes.find((box) => box.id === id) ?? null;
      emit('selection:changed', { selectedId: selection?.id ?? null, box: selection });
    },
  };
  return editor satisfies Editor;
}

export type FakeEditor = ReturnType<typeof createFakeEditor>;
