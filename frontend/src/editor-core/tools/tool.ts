import type { EditorDocument } from '../document.ts';
import type { History } from '../history.ts';
import type { EditorPointerEvent, Rect, ToolName, WindowState } from '../types.ts';
import type { Viewport } from '../viewport.ts';

/** Transient geometry shown while dragging; the document changes only when the drag ends. */
export type Preview =
  { kind: 'draw'; rect: Rect; labelId: number } | { kind: 'edit'; boxId: string; rect: Rect };

export interface ToolSettings {
  /** Smallest box side, image px. */
  minBoxSize: number;
  /** A press that moves less than this (screen px) is a click. */
  dragThreshold: number;
  /** Half-size of a handle's grab area, screen px. */
  handleTolerance: number;
  /** Round box edges to whole image pixels. */
  snapToPixel: boolean;
}

export interface WindowControl {
  get(): WindowState;
  setWindow(center: number, width: number): void;
  setBrightnessContrast(brightness: number, contrast: number): void;
  /** Window units per screen pixel of drag. */
  sensitivity(): number;
}

/** What tools may touch. */
export interface ToolContext {
  readonly doc: EditorDocument;
  readonly viewport: Viewport;
  readonly history: History;
  readonly settings: ToolSettings;
  readonly windowControl: WindowControl;
  /** The label new boxes get; null when the set has no labels. */
  currentLabelId(): number | null;
  createId(): string;
  setPreview(preview: Preview | null): void;
}

/** One drag, from press to release. */
export interface Gesture {
  readonly cursor: string;
  move(event: EditorPointerEvent): void;
  end(event: EditorPointerEvent): void;
  /** Escape: abandon the drag, leaving the document as it was. */
  cancel(): void;
}

export interface Tool {
  readonly name: ToolName;
  /** Handles a primary-button press; returns the gesture it starts, if any. */
  press(event: EditorPointerEvent, ctx: ToolContext): Gesture | null;
  /** The cursor to show while hovering. */
  hoverCursor(event: EditorPointerEvent, ctx: ToolContext): string;
}

export function movedBeyond(
  start: { x: number; y: number },
  event: EditorPointerEvent,
  threshold: number,
): boolean {
  return Math.abs(event.x - start.x) >= threshold || Math.abs(event.y - start.y) >= threshold;
}
