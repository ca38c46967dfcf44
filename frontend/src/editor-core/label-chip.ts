/**
 * The label name drawn on a box: a chip filled with the label's colour, the name in black or white,
 * whichever reads better on that colour. Its size is in SCREEN pixels (the canvas is drawn in CSS
 * pixels), so the name reads the same at 10 % and at 800 %; only its width depends on the name.
 */
export const CHIP_FONT = '600 12px system-ui, sans-serif';
export const CHIP_HEIGHT = 16;
export const CHIP_PADDING = 4;
/** A longer name is cut with an ellipsis (the full name is in the panel). */
const MAX_WIDTH = 180;

export interface Chip {
  text: string;
  width: number;
  /** The name's colour on the chip. */
  ink: string;
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of "#rrggbb" (0 black .. 1 white); mid-grey for anything else. */
export function luminance(color: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!match) return 0.2;
  const [r, g, b] = match.slice(1).map((hex) => channel(parseInt(hex, 16)));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** Black or white, whichever contrasts more with `color` (WCAG contrast ratio). */
export function inkFor(color: string): string {
  const l = luminance(color);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

const cache = new Map<string, Chip>();

/**
 * The chip of a label, measured once per name and colour (the frame loop draws hundreds of boxes:
 * it must not measure text for each). `ctx` measures with CHIP_FONT set.
 */
export function chipFor(
  name: string,
  color: string,
  ctx: { measureText(text: string): { width: number } },
): Chip {
  const key = `${color}\u0000${name}`;
  const known = cache.get(key);
  if (known) return known;
  const measure = (text: string) => ctx.measureText(text).width;
  let text = name;
  let width = measure(text);
  if (width > MAX_WIDTH - 2 * CHIP_PADDING) {
    let keep = name.length;
    while (keep > 1 && measure(`${name.slice(0, keep)}…`) > MAX_WIDTH - 2 * CHIP_PADDING) keep -= 1;
    text = `${name.slice(0, keep)}…`;
    width = measure(text);
  }
  if (cache.size > 512) cache.clear();
  const chip = { text, width: Math.ceil(width) + 2 * CHIP_PADDING, ink: inkFor(color) };
  cache.set(key, chip);
  return chip;
}
