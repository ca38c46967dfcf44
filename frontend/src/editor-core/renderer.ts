import { HANDLES } from './geometry.ts';
import { CHIP_FONT, CHIP_HEIGHT, CHIP_PADDING, chipFor } from './label-chip.ts';
import type { Preview } from './tools/tool.ts';
import type { Box, Label, Point } from './types.ts';
import type { Viewport } from './viewport.ts';

export interface Scene {
  viewport: Viewport;
  boxes: readonly Box[];
  label: (id: number) => Label | undefined;
  selectedId: string | null;
  hoverId: string | null;
  preview: Preview | null;
  image: CanvasImageSource | null;
  /** Size of `image` in its own pixels (it is stretched onto the original image size). */
  imageSize: { width: number; height: number };
  /** A canvas filter for brightness/contrast, or 'none'. */
  imageFilter: string;
  pointer: Point | null;
  crosshair: boolean;
  showLabels: boolean;
  drawColor: string;
}

const BACKGROUND = '#0d0f12';
const FALLBACK_COLOR = '#ff00ff';
const HANDLE_SIZE = 7;
const DASH: number[] = [6, 4];
const CROSSHAIR_DASH: number[] = [4, 4];
const NO_DASH: number[] = [];

/**
 * Draws one frame in CSS pixels (the caller sets the device-pixel-ratio transform). The hot path
 * allocates nothing per box: scalar maths, boxes outside the view are skipped.
 */
export function renderScene(ctx: CanvasRenderingContext2D, scene: Scene): void {
  const { viewport } = scene;
  const { width, height } = viewport.screen;
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  drawImage(ctx, scene);
  drawBoxes(ctx, scene);
  drawPreview(ctx, scene);
  if (scene.crosshair && scene.pointer) drawCrosshair(ctx, scene.pointer, width, height);
}

function drawImage(ctx: CanvasRenderingContext2D, scene: Scene): void {
  const { viewport, image, imageSize } = scene;
  if (!image) return;
  const s = viewport.scale;
  // Show real pixels when magnified; smooth when shrinking.
  ctx.imageSmoothingEnabled = (s * viewport.image.width) / imageSize.width < 2;
  ctx.imageSmoothingQuality = 'high';
  if (scene.imageFilter !== 'none') ctx.filter = scene.imageFilter;
  ctx.drawImage(
    image,
    0,
    0,
    imageSize.width,
    imageSize.height,
    viewport.x,
    viewport.y,
    viewport.image.width * s,
    viewport.image.height * s,
  );
  if (scene.imageFilter !== 'none') ctx.filter = 'none';
}

function drawBoxes(ctx: CanvasRenderingContext2D, scene: Scene): void {
  const { viewport, boxes, preview } = scene;
  const { width, height } = viewport.screen;
  const s = viewport.scale;
  const editId = preview?.kind === 'edit' ? preview.boxId : null;
  let selected: Box | null = null;
  ctx.setLineDash(NO_DASH);
  ctx.font = CHIP_FONT;
  ctx.textBaseline = 'middle';
  for (let i = 0; i < boxes.length; i++) {
    const box = boxes[i]!;
    if (box.id === scene.selectedId) {
      selected = box;
      continue;
    }
    const rect = box.id === editId && preview?.kind === 'edit' ? preview.rect : box;
    const x = rect.x * s + viewport.x;
    const y = rect.y * s + viewport.y;
    const w = rect.width * s;
    const h = rect.height * s;
    if (x > width || y > height || x + w < 0 || y + h < 0) continue;
    const label = scene.label(box.labelId);
    const color = label?.color ?? FALLBACK_COLOR;
    ctx.strokeStyle = color;
    ctx.lineWidth = box.id === scene.hoverId ? 2.5 : 1.5;
    ctx.strokeRect(x, y, w, h);
    if (scene.showLabels && label && w >= 24) drawLabelChip(ctx, label.name, color, x, y, w, h);
  }
  if (selected) drawSelected(ctx, scene, selected);
}

/**
 * The label's chip above the box's top-left corner (screen px, the same size at any zoom). Zoomed
 * in so far that the box's top is above the view, the chip stays at the top of what is visible of
 * the box (and at its left edge when panned sideways), so the name is always on screen with it.
 */
function drawLabelChip(
  ctx: CanvasRenderingContext2D,
  name: string,
  color: string,
  x: number,
  y: number,
  w: number,
  h: number,
): void {
  const chip = chipFor(name, color, ctx); // ctx.font is CHIP_FONT (drawBoxes)
  const bottom = y + h;
  let top = y - CHIP_HEIGHT;
  if (top < 0) top = Math.max(0, Math.min(y, bottom - CHIP_HEIGHT));
  const left = x < 0 ? Math.min(0, x + w - chip.width) : x;
  ctx.fillStyle = color;
  ctx.fillRect(left, top, chip.width, CHIP_HEIGHT);
  ctx.fillStyle = chip.ink;
  ctx.fillText(chip.text, left + CHIP_PADDING, top + CHIP_HEIGHT / 2 + 0.5);
}

function drawSelected(ctx: CanvasRenderingContext2D, scene: Scene, box: Box): void {
  const { viewport, preview } = scene;
  const s = viewport.scale;
  const rect = preview?.kind === 'edit' && preview.boxId === box.id ? preview.rect : box;
  const x = rect.x * s + viewport.x;
  const y = rect.y * s + viewport.y;
  const w = rect.width * s;
  const h = rect.height * s;
  const label = scene.label(box.labelId);
  const color = label?.color ?? FALLBACK_COLOR;
  ctx.globalAlpha = 0.18;
  ctx.fillStyle = color;
  ctx.fillRect(x, y, w, h);
  ctx.globalAlpha = 1;
  ctx.strokeStyle = color;
  ctx.lineWidth = 2.5;
  ctx.strokeRect(x, y, w, h);
  if (scene.showLabels && label) drawLabelChip(ctx, label.name, color, x, y, w, h);
  ctx.fillStyle = '#ffffff';
  ctx.lineWidth = 1.5;
  const half = HANDLE_SIZE / 2;
  for (const handle of HANDLES) {
    const hx = handle.includes('w') ? x : handle.includes('e') ? x + w : x + w / 2;
    const hy = handle.includes('n') ? y : handle.includes('s') ? y + h : y + h / 2;
    ctx.fillRect(hx - half, hy - half, HANDLE_SIZE, HANDLE_SIZE);
    ctx.strokeRect(hx - half, hy - half, HANDLE_SIZE, HANDLE_SIZE);
  }
}

function drawPreview(ctx: CanvasRenderingContext2D, scene: Scene): void {
  const { preview, viewport } = scene;
  if (preview?.kind !== 'draw') return;
  const r = viewport.rectToScreen(preview.rect);
  const color = scene.label(preview.labelId)?.color ?? scene.drawColor;
  ctx.setLineDash(DASH);
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5;
  ctx.strokeRect(r.x, r.y, r.width, r.height);
  ctx.setLineDash(NO_DASH);
}

function drawCrosshair(
  ctx: CanvasRenderingContext2D,
  p: Point,
  width: number,
  height: number,
): void {
  ctx.setLineDash(CROSSHAIR_DASH);
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.45)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(0, Math.round(p.y) + 0.5);
  ctx.lineTo(width, Math.round(p.y) + 0.5);
  ctx.moveTo(Math.round(p.x) + 0.5, 0);
  ctx.lineTo(Math.round(p.x) + 0.5, height);
  ctx.stroke();
  ctx.setLineDash(NO_DASH);
}
