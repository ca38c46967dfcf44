import type { Unsubscribe } from './emitter.ts';
import { EditorController } from './editor-controller.ts';
import type { EditorEvents } from './events.ts';
import { ImageLayer } from './image-layer.ts';
import type { ControllerOptions } from './options.ts';
import { renderScene, type Scene } from './renderer.ts';
import type { Box, EditorKeyEvent, Label, PixelData, ToolName, WindowState } from './types.ts';
import type { WindowPreset } from './window-presets.ts';

export interface EditorOptions extends ControllerOptions {
  /** Draw label names above boxes (default true). */
  showLabels?: boolean;
}

export interface LoadInput {
  /** The display image (may be smaller than the original, e.g. <= 2048 px). */
  imageUrl?: string;
  imageBitmap?: ImageBitmap | HTMLImageElement | HTMLCanvasElement;
  /** ORIGINAL image size: the coordinate space of the boxes. */
  width: number;
  height: number;
  /** Full-depth monochrome data (DICOM); when given it is what is drawn, windowed. */
  pixels?: PixelData | null;
  modality?: string | null;
  /** The windows the file itself declares (its Window Center/Width values and VOI LUT), named. */
  filePresets?: readonly WindowPreset[];
  boxes?: readonly Box[];
  labels?: readonly Label[];
}

export interface Editor {
  load(input: LoadInput): Promise<void>;
  setTool(tool: ToolName): void;
  getTool(): ToolName;
  setLabel(labelId: number): void;
  setLabels(labels: readonly Label[]): void;
  select(boxId: string | null): void;
  setSelectedComment(text: string): void;
  deleteSelected(): boolean;
  undo(): boolean;
  redo(): boolean;
  canUndo(): boolean;
  canRedo(): boolean;
  fit(): void;
  zoomTo1(): void;
  zoomIn(): void;
  zoomOut(): void;
  setWindow(center: number, width: number): void;
  setInvert(invert: boolean): void;
  setBrightnessContrast(brightness: number, contrast: number): void;
  resetWindow(): void;
  getWindow(): WindowState;
  getWindowPresets(): WindowPreset[];
  getBoxes(): Box[];
  getSelection(): Box | null;
  handleKey(event: KeyboardEvent | EditorKeyEvent): boolean;
  resize(): void;
  destroy(): void;
  on<K extends keyof EditorEvents>(
    event: K,
    handler: (payload: EditorEvents[K]) => void,
  ): Unsubscribe;
}

function loadImage(url: string): Promise<HTMLImageElement> {
  const image = new Image();
  image.decoding = 'async';
  image.src = url;
  return image.decode().then(() => image);
}

function sizeOf(image: ImageBitmap | HTMLImageElement | HTMLCanvasElement) {
  if (image instanceof HTMLImageElement)
    return { width: image.naturalWidth, height: image.naturalHeight };
  return { width: image.width, height: image.height };
}

/** Mounts the editor in `host` (which it fills) and returns its facade. */
export function createEditor(host: HTMLElement, options: EditorOptions = {}): Editor {
  const controller = new EditorController(options);
  const canvas = document.createElement('canvas');
  canvas.style.cssText = 'display:block;width:100%;height:100%;touch-action:none;outline:none';
  canvas.tabIndex = 0;
  host.appendChild(canvas);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('Canvas 2D is not available');
  const layer = new ImageLayer(typeof ctx.filter === 'string');
  let frame = 0;
  let dpr = 0;
  let loadToken = 0;
  let cursor = '';

  const scene: Scene = {
    viewport: controller.viewport,
    boxes: [],
    label: (id) => controller.doc.label(id),
    selectedId: null,
    hoverId: null,
    preview: null,
    image: null,
    imageSize: { width: 1, height: 1 },
    imageFilter: 'none',
    pointer: null,
    crosshair: false,
    showLabels: options.showLabels ?? true,
    drawColor: '#ffd400',
  };

  function draw(): void {
    frame = 0;
    if (window.devicePixelRatio !== dpr) resize();
    layer.update(controller.window.get(), controller.window.version);
    const { interaction, doc } = controller;
    scene.boxes = doc.boxes;
    scene.selectedId = doc.selectedId;
    scene.hoverId = controller.hoverId;
    scene.preview = controller.preview;
    scene.image = layer.image;
    scene.imageSize = layer.imageSize;
    scene.imageFilter = layer.imageFilter;
    scene.pointer = interaction.pointer;
    scene.crosshair = controller.tool === 'draw' && !interaction.spaceHeld;
    ctx!.setTransform(dpr, 0, 0, dpr, 0, 0);
    renderScene(ctx!, scene);
    if (interaction.cursor !== cursor) {
      cursor = interaction.cursor;
      canvas.style.cursor = cursor;
    }
  }

  function invalidate(): void {
    if (!frame) frame = requestAnimationFrame(draw);
  }
  controller.onInvalidate = invalidate;

  function resize(): void {
    dpr = window.devicePixelRatio || 1;
    const width = host.clientWidth;
    const height = host.clientHeight;
    const wasEmpty =
      controller.viewport.screen.width === 0 || controller.viewport.screen.height === 0;
    canvas.width = Math.max(1, Math.round(width * dpr));
    canvas.height = Math.max(1, Math.round(height * dpr));
    controller.viewport.setScreenSize(width, height);
    if (wasEmpty && width > 0 && height > 0) controller.viewport.fit();
    invalidate();
  }

  function toPointer(event: PointerEvent | MouseEvent) {
    const rect = canvas.getBoundingClientRect();
    return {
      x: event.clientX - rect.left,
      y: event.clientY - rect.top,
      button: event.button,
      shiftKey: event.shiftKey,
      altKey: event.altKey,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
    };
  }

  const listeners: Array<[EventTarget, string, EventListener, AddEventListenerOptions?]> = [
    [
      canvas,
      'pointerdown',
      (e) => {
        const event = e as PointerEvent;
        if (event.button !== 0) event.preventDefault();
        canvas.focus({ preventScroll: true });
        if (controller.pointerDown(toPointer(event))) canvas.setPointerCapture(event.pointerId);
      },
    ],
    [canvas, 'pointermove', (e) => controller.pointerMove(toPointer(e as PointerEvent))],
    [canvas, 'pointerup', (e) => controller.pointerUp(toPointer(e as PointerEvent))],
    [canvas, 'pointercancel', () => controller.interaction.cancel()],
    [canvas, 'pointerleave', () => controller.pointerLeave()],
    [canvas, 'contextmenu', (e) => e.preventDefault()],
    [
      canvas,
      'wheel',
      (e) => {
        const event = e as WheelEvent;
        event.preventDefault();
        const scale = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1;
        const p = toPointer(event);
        controller.wheel({ x: p.x, y: p.y, deltaY: event.deltaY * scale });
      },
      { passive: false },
    ],
    [
      window,
      'keyup',
      (e) => {
        if ((e as KeyboardEvent).key === ' ') controller.handleKey({ key: ' ', type: 'keyup' });
      },
    ],
    [window, 'blur', () => controller.handleKey({ key: ' ', type: 'keyup' })],
  ];
  for (const [target, type, listener, opts] of listeners)
    target.addEventListener(type, listener, opts);
  const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => resize()) : null;
  observer?.observe(host);
  resize();

  return {
    async load(input) {
      const token = ++loadToken;
      layer.clear();
      controller.loadDocument(input);
      if (controller.window.source) {
        layer.setPixels(controller.window.source);
      } else {
        const image =
          input.imageBitmap ?? (input.imageUrl ? await loadImage(input.imageUrl) : null);
        if (token !== loadToken) return;
        if (image) {
          const size = sizeOf(image);
          layer.setImage(image, size.width, size.height);
        }
      }
      invalidate();
    },
    setTool: (tool) => controller.setTool(tool),
    getTool: () => controller.tool,
    setLabel: (labelId) => controller.setLabel(labelId),
    setLabels: (labels) => controller.setLabels(labels),
    select: (boxId) => controller.select(boxId),
    setSelectedComment: (text) => controller.setSelectedComment(text),
    deleteSelected: () => controller.deleteSelected(),
    undo: () => controller.undo(),
    redo: () => controller.redo(),
    canUndo: () => controller.history.canUndo,
    canRedo: () => controller.history.canRedo,
    fit: () => controller.viewport.fit(),
    zoomTo1: () => controller.viewport.zoomTo1(),
    zoomIn: () => controller.viewport.zoomIn(),
    zoomOut: () => controller.viewport.zoomOut(),
    setWindow: (center, width) => controller.window.setWindow(center, width),
    setInvert: (invert) => controller.window.setInvert(invert),
    setBrightnessContrast: (b, c) => controller.window.setBrightnessContrast(b, c),
    resetWindow: () => controller.window.reset(),
    getWindow: () => controller.window.get(),
    getWindowPresets: () => controller.window.presets(),
    getBoxes: () => controller.getBoxes(),
    getSelection: () => controller.getSelection(),
    handleKey: (event) => controller.handleKey(event),
    resize,
    on: (event, handler) => controller.on(event, handler),
    destroy() {
      loadToken++;
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      observer?.disconnect();
      for (const [target, type, listener, opts] of listeners) {
        target.removeEventListener(type, listener, opts);
      }
      controller.destroy();
      canvas.remove();
    },
  };
}
