import type { PixelArray } from './types.ts';

/**
 * The DICOM linear VOI function (PS3.3 C.11.2.1.2.1) mapped to 0..255:
 *   x <= c - 0.5 - (w - 1) / 2  -> 0
 *   x >  c - 0.5 + (w - 1) / 2  -> 255
 *   else ((x - (c - 0.5)) / (w - 1) + 0.5) * 255
 * Widths below 1 (possible for float data) use LINEAR_EXACT (C.11.2.1.3.2): (x - c) / w + 0.5.
 */
export function voiLinear(value: number, center: number, width: number): number {
  if (width < 1) {
    const w = Math.max(width, 1e-9);
    const y = ((value - center) / w + 0.5) * 255;
    return y <= 0 ? 0 : y >= 255 ? 255 : y;
  }
  if (value <= center - 0.5 - (width - 1) / 2) return 0;
  if (value > center - 0.5 + (width - 1) / 2) return 255;
  return ((value - (center - 0.5)) / (width - 1) + 0.5) * 255;
}

export interface WindowSettings {
  center: number;
  width: number;
  invert: boolean;
}

export function isIntegerArray(data: PixelArray): boolean {
  return !(data instanceof Float32Array);
}

/** Smallest and largest STORED value (NaN-safe for float data). */
export function storedRange(data: PixelArray): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return { min: 0, max: 0 };
  return { min, max };
}

/**
 * A lookup table from stored integer value (index = stored - min) to 8-bit display value,
 * for stored values in [min, max] and value = stored + offset.
 */
export function buildWindowLut(
  min: number,
  max: number,
  offset: number,
  window: WindowSettings,
): Uint8Array {
  const lut = new Uint8Array(max - min + 1);
  for (let i = 0; i < lut.length; i++) {
    const y = Math.round(voiLinear(min + i + offset, window.center, window.width));
    lut[i] = window.invert ? 255 - y : y;
  }
  return lut;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function grey(v: number): number {
  return LITTLE_ENDIAN
    ? (0xff000000 | (v << 16) | (v << 8) | v) >>> 0
    : ((v << 24) | (v << 16) | (v << 8) | 0xff) >>> 0;
}

/**
 * Writes the windowed image as opaque grey RGBA into `out` (length = 4 * data.length).
 * Integer data goes through a LUT; float data is computed per pixel.
 */
export function applyWindow(
  data: PixelArray,
  offset: number,
  window: WindowSettings,
  out: Uint8ClampedArray,
  range?: { min: number; max: number },
): void {
  const pixels = new Uint32Array(out.buffer, out.byteOffset, data.length);
  const greys = new Uint32Array(256);
  for (let v = 0; v < 256; v++) greys[v] = grey(v);
  if (isIntegerArray(data)) {
    const { min, max } = range ?? storedRange(data);
    const lut = buildWindowLut(min, max, offset, window);
    const rgba = new Uint32Array(lut.length);
    for (let i = 0; i < lut.length; i++) rgba[i] = greys[lut[i]!]!;
    for (let i = 0; i < data.length; i++) pixels[i] = rgba[data[i]! - min]!;
    return;
  }
  for (let i = 0; i < data.length; i++) {
    const y = Math.round(voiLinear(data[i]! + offset, window.center, window.width));
    pixels[i] = greys[window.invert ? 255 - y : y]!;
  }
}
