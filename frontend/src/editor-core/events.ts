import type { Box, ToolName, WindowState } from './types.ts';

export type ChangeReason = 'execute' | 'undo' | 'redo';

/** The facade's typed events. */
export interface EditorEvents {
  /** A box appeared (drawn, or its deletion undone). */
  'shape:created': { box: Box };
  /** A box's geometry, label or comment changed (incl. undo/redo). */
  'shape:changed': { box: Box; previous: Box };
  /** A box disappeared (deleted, or its creation undone). */
  'shape:deleted': { box: Box };
  'selection:changed': { selectedId: string | null; box: Box | null };
  /** After every command, undo and redo: the page autosaves on it. */
  'document:changed': {
    reason: ChangeReason;
    command: string;
    boxes: Box[];
    canUndo: boolean;
    canRedo: boolean;
  };
  'viewport:changed': { scale: number; x: number; y: number };
  /** The pixel under the pointer, for the status bar; value is null outside the image or without pixel data. */
  'cursor:value': { imageX: number; imageY: number; value: number | null; inside: boolean };
  'window:changed': WindowState;
  'tool:changed': { tool: ToolName };
}
