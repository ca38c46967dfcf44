export { createEditor } from './create-editor.ts';
export type { Editor, EditorOptions, LoadInput } from './create-editor.ts';
export type { EditorEvents, ChangeReason } from './events.ts';
export type { Unsubscribe } from './emitter.ts';
export type { Box, Label, PixelData, Rect, ToolName, WindowState } from './types.ts';
export type { WindowPreset } from './window-presets.ts';
export { CT_PRESETS } from './window-presets.ts';
export type { HandleKind, Point, Size } from './types.ts';
export { clipRect, moveRect, normalizeRect, resizeRect, snapRect } from './geometry.ts';
