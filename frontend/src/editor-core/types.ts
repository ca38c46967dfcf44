/** A point in screen (CSS pixel, relative to the canvas) or image (original pixel) space. */
export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Axis-aligned rectangle; x, y = top-left corner. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A bounding box in original-image pixel coordinates (COCO [x, y, w, h]). */
export interface Box extends Rect {
  id: string;
  labelId: number;
  comment: string;
}

export interface Label {
  id: number;
  name: string;
  /** CSS colour, "#rrggbb". */
  color: string;
  shortcut?: string | null;
}

export type ToolName = 'select' | 'draw' | 'pan';

/** The eight resize handles, named by compass direction. */
export type HandleKind = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';

/** A pointer event stripped to what the tools need; x, y are screen (CSS) pixels. */
export interface EditorPointerEvent {
  x: number;
  y: number;
  /** 0 primary, 1 middle, 2 secondary (right). */
  button: number;
  shiftKey?: boolean;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
}

/** The subset of KeyboardEvent the editor reads. */
export interface EditorKeyEvent {
  key: string;
  /** The physical key ("Digit2"): Shift+2 is "@" on one layout and "\"" on another. */
  code?: string;
  type?: string;
  shiftKey?: boolean;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  target?: unknown;
}

export type PixelArray = Uint16Array | Int16Array | Uint8Array | Float32Array;

/** Full-depth monochrome pixel data: value = stored + offset (e.g. Hounsfield units for CT). */
export interface PixelData {
  data: PixelArray;
  offset?: number;
  rows: number;
  columns: number;
  windowCenter?: number | null;
  windowWidth?: number | null;
  photometric?: 'MONOCHROME1' | 'MONOCHROME2';
}

export interface WindowState {
  /** Monochrome pixel data is loaded: center/width apply. Otherwise brightness/contrast apply. */
  hasPixels: boolean;
  center: number;
  width: number;
  invert: boolean;
  /** -100..100, 0 = unchanged. */
  brightness: number;
  /** -100..100, 0 = unchanged. */
  contrast: number;
}
