import {
  DeleteBoxCommand,
  SetCommentCommand,
  SetGeometryCommand,
  SetLabelCommand,
} from './commands.ts';
import { EditorDocument } from './document.ts';
import { Emitter, type Unsubscribe } from './emitter.ts';
import type { EditorEvents } from './events.ts';
import { moveRect } from './geometry.ts';
import { History } from './history.ts';
import { hitTest } from './hit-test.ts';
import { performKeyAction } from './key-actions.ts';
import { keyAction } from './keyboard.ts';
import { Interaction } from './tools/interaction.ts';
import type { ControllerOptions, DocumentInput, WheelInput } from './options.ts';
import type { Preview, ToolContext, ToolSettings } from './tools/tool.ts';
import type { Box, EditorKeyEvent, EditorPointerEvent, Label, ToolName } from './types.ts';
import { Viewport } from './viewport.ts';
import { WindowController } from './window-controller.ts';

let idCounter = 0;
function defaultId(): string {
  idCounter += 1;
  return `new-${Date.now().toString(36)}-${idCounter}`;
}

/**
 * Everything the editor does, without the DOM: document, undo history, viewport, tools,
 * window/level and keyboard. The DOM facade feeds it pointer/key/wheel input and renders it.
 */
export class EditorController {
  readonly events = new Emitter<EditorEvents>();
  readonly doc = new EditorDocument();
  readonly history: History;
  readonly viewport: Viewport;
  readonly window = new WindowController();
  readonly interaction: Interaction;
  readonly settings: ToolSettings;
  preview: Preview | null = null;
  hoverId: string | null = null;
  labelId: number | null;
  /** Called whenever something visible changed (the facade schedules a frame). */
  onInvalidate: () => void = () => {};

  constructor(options: ControllerOptions = {}) {
    this.settings = {
      minBoxSize: options.minBoxSize ?? 2,
      dragThreshold: options.dragThreshold ?? 3,
      handleTolerance: options.handleTolerance ?? 7,
      snapToPixel: options.snapToPixel ?? true,
    };
    this.labelId = options.labelId ?? null;
    this.viewport = new Viewport(options.viewport);
    this.history = new History(this.doc, { now: options.now });
    const createId = options.createId ?? defaultId;
    const ctx: ToolContext = {
      doc: this.doc,
      viewport: this.viewport,
      history: this.history,
      settings: this.settings,
      windowControl: this.window,
      currentLabelId: () => this.labelId,
      createId,
      setPreview: (preview) => {
        this.preview = preview;
        this.invalidate();
      },
    };
    this.interaction = new Interaction(ctx);
    if (options.tool) this.interaction.setTool(options.tool);
    this.wireEvents();
  }

  private wireEvents(): void {
    const { doc, events } = this;
    doc.events.on('added', ({ box }) => events.emit('shape:created', { box }));
    doc.events.on('removed', ({ box }) => events.emit('shape:deleted', { box }));
    doc.events.on('updated', (payload) => events.emit('shape:changed', payload));
    doc.events.on('selection', ({ selectedId }) => {
      events.emit('selection:changed', { selectedId, box: doc.getBox(selectedId) ?? null });
      this.invalidate();
    });
    this.history.onChange = (reason, command) => {
      this.invalidate();
      events.emit('document:changed', {
        reason,
        command: command.name,
        boxes: this.getBoxes(),
        canUndo: this.history.canUndo,
        canRedo: this.history.canRedo,
      });
    };
    this.viewport.onChange = () => {
      const { scale, x, y } = this.viewport;
      events.emit('viewport:changed', { scale, x, y });
      this.invalidate();
    };
    this.window.events.on('changed', (state) => {
      events.emit('window:changed', state);
      this.invalidate();
    });
  }

  on<K extends keyof EditorEvents>(
    event: K,
    handler: (payload: EditorEvents[K]) => void,
  ): Unsubscribe {
    return this.events.on(event, handler);
  }

  invalidate(): void {
    this.onInvalidate();
  }

  loadDocument(input: DocumentInput): void {
    this.interaction.cancel();
    this.preview = null;
    this.hoverId = null;
    this.doc.reset(
      { width: input.width, height: input.height },
      input.boxes ?? [],
      input.labels ?? [],
    );
    this.history.clear();
    const labels = this.doc.labels;
    if (this.labelId === null || !this.doc.label(this.labelId))
      this.labelId = labels[0]?.id ?? null;
    this.window.load(
      input.pixels,
      { width: input.width, height: input.height },
      input.modality,
      input.filePresets,
    );
    this.viewport.setImageSize(input.width, input.height);
    this.viewport.fit();
    this.events.emit('selection:changed', { selectedId: null, box: null });
  }

  setLabels(labels: readonly Label[]): void {
    this.doc.setLabels(labels);
    this.invalidate();
  }

  get tool(): ToolName {
    return this.interaction.tool.name;
  }

  setTool(tool: ToolName): void {
    if (tool === this.tool) return;
    this.interaction.setTool(tool);
    this.events.emit('tool:changed', { tool });
    this.invalidate();
  }

  /** Sets the label for new boxes and, as an undoable command, for the selected box. */
  setLabel(labelId: number): void {
    this.labelId = labelId;
    const box = this.doc.selectedBox;
    if (box && box.labelId !== labelId) {
      this.history.execute(new SetLabelCommand(box.id, box.labelId, labelId));
    }
  }

  setSelectedComment(text: string): void {
    const box = this.doc.selectedBox;
    if (box && box.comment !== text) {
      this.history.execute(new SetCommentCommand(box.id, box.comment, text));
    }
  }

  deleteSelected(): boolean {
    const box = this.doc.selectedBox;
    if (!box) return false;
    this.history.execute(new DeleteBoxCommand(box));
    return true;
  }

  select(id: string | null): void {
    this.doc.select(id);
  }

  /** Moves the selected box by whole image pixels; successive nudges are one undo step. */
  nudgeSelected(dx: number, dy: number): boolean {
    const box = this.doc.selectedBox;
    if (!box) return false;
    const rect = moveRect(box, dx, dy, this.doc.image);
    if (rect.x !== box.x || rect.y !== box.y) {
      this.history.execute(new SetGeometryCommand(box.id, box, rect, 'nudge'));
    }
    return true;
  }

  undo(): boolean {
    this.interaction.cancel();
    return this.history.undo();
  }

  redo(): boolean {
    this.interaction.cancel();
    return this.history.redo();
  }

  getBoxes(): Box[] {
    return this.doc.boxes.map((box) => ({ ...box }));
  }

  getSelection(): Box | null {
    const box = this.doc.selectedBox;
    return box ? { ...box } : null;
  }

  pointerDown(event: EditorPointerEvent): boolean {
    const started = this.interaction.pointerDown(event);
    this.invalidate();
    return started;
  }

  pointerMove(event: EditorPointerEvent): void {
    this.interaction.pointerMove(event);
    const point = this.viewport.screenToImage(event);
    if (!this.interaction.gesture) this.updateHover(point);
    const { width, height } = this.doc.image;
    const inside = point.x >= 0 && point.y >= 0 && point.x < width && point.y < height;
    const imageX = Math.floor(point.x);
    const imageY = Math.floor(point.y);
    this.events.emit('cursor:value', {
      imageX,
      imageY,
      inside,
      value: this.window.valueAt(point.x, point.y),
    });
    if (this.tool === 'draw' || this.interaction.gesture) this.invalidate();
  }

  pointerUp(event: EditorPointerEvent): void {
    this.interaction.pointerUp(event);
    this.invalidate();
  }

  pointerLeave(): void {
    this.interaction.pointerLeave();
    if (this.hoverId !== null) this.hoverId = null;
    this.invalidate();
  }

  /** Wheel zooms around the pointer. */
  wheel(input: WheelInput): void {
    const factor = Math.exp(-Math.max(-300, Math.min(300, input.deltaY)) * 0.002);
    this.viewport.zoomAt(input.x, input.y, factor);
  }

  private updateHover(point: { x: number; y: number }): void {
    const hit = hitTest(this.doc.boxes, point, {
      scale: this.viewport.scale,
      selectedId: this.doc.selectedId,
      handleTolerance: this.settings.handleTolerance,
    });
    const id = hit ? hit.box.id : null;
    if (id !== this.hoverId) {
      this.hoverId = id;
      this.invalidate();
    }
  }

  /** Applies the editor's key map; returns true when the key was used (prevent its default). */
  handleKey(event: EditorKeyEvent): boolean {
    const action = keyAction(event);
    return action ? performKeyAction(this, action) : false;
  }

  destroy(): void {
    this.interaction.cancel();
    this.events.clear();
    this.doc.events.clear();
    this.window.events.clear();
    this.onInvalidate = () => {};
  }
}
