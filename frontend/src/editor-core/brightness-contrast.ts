/**
 * Brightness/contrast for ordinary (8-bit) images. Both run from -100 to 100, 0 = unchanged;
 * they follow the CSS filter functions brightness() then contrast(), with factor 1 + value/100.
 */
export function brightnessContrastFactors(brightness: number, contrast: number): [number, number] {
  const b = 1 + Math.max(-100, Math.min(100, brightness)) / 100;
  const c = 1 + Math.max(-100, Math.min(100, contrast)) / 100;
  return [b, c];
}

/** A canvas `filter` string (cheap: applied by the browser while drawing). */
export function brightnessContrastFilter(brightness: number, contrast: number): string {
  if (brightness === 0 && contrast === 0) return 'none';
  const [b, c] = brightnessContrastFactors(brightness, contrast);
  return `brightness(${b}) contrast(${c})`;
}

/** The same mapping as a 256-entry LUT, for browsers without canvas filters. */
export function brightnessContrastLut(brightness: number, contrast: number): Uint8Array {
  const [b, c] = brightnessContrastFactors(brightness, contrast);
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) {
    const bright = Math.min(1, (v / 255) * b);
    const y = ((bright - 0.5) * c + 0.5) * 255;
    lut[v] = Math.round(Math.max(0, Math.min(255, y)));
  }
  return lut;
}

/** Applies a 256-entry LUT to the colour channels of RGBA data, in place. */
export function applyLutRgba(data: Uint8ClampedArray, lut: Uint8Array): void {
  for (let i = 0; i < data.length; i += 4) {
    data[i] = lut[data[i]!]!;
    data[i + 1] = lut[data[i + 1]!]!;
    data[i + 2] = lut[data[i + 2]!]!;
  }
}
