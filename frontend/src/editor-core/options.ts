import type { ToolSettings } from './tools/tool.ts';
import type { Box, Label, PixelData, ToolName } from './types.ts';
import type { ViewportOptions } from './viewport.ts';
import type { WindowPreset } from './window-presets.ts';

export interface ControllerOptions extends Partial<ToolSettings> {
  tool?: ToolName;
  labelId?: number | null;
  viewport?: ViewportOptions;
  createId?: () => string;
  /** Clock for merging successive nudges/comment edits into one undo step. */
  now?: () => number;
}

export interface DocumentInput {
  width: number;
  height: number;
  boxes?: readonly Box[];
  labels?: readonly Label[];
  pixels?: PixelData | null;
  modality?: string | null;
  filePresets?: readonly WindowPreset[];
}

export interface WheelInput {
  x: number;
  y: number;
  deltaY: number;
}
