import { describe, expect, it } from 'vitest';
import { LABEL_COLORS, nextFreeColor } from '../label-rules.ts';

/**
 * Colour-vision deficiency simulation, full severity, in linear RGB: the matrices of Machado,
 * Oliveira & Fernandes, "A physiologically-based model for simulation of color vision deficiency"
 * (IEEE TVCG 15(6), 2009). Colours are compared as CIE L*a*b* distances (ΔE76).
 */
const DEFICIENCIES: Record<string, number[][]> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

function linear(hex: string): number[] {
  return [1, 3, 5].map((at) => {
    const c = parseInt(hex.slice(at, at + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
}

function lab([r, g, b]: number[]): number[] {
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((0.4124 * r! + 0.3576 * g! + 0.1805 * b!) / 0.95047);
  const y = f(0.2126 * r! + 0.7152 * g! + 0.0722 * b!);
  const z = f((0.0193 * r! + 0.1192 * g! + 0.9505 * b!) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

function seenWith(matrix: number[][], hex: string): number[] {
  const rgb = linear(hex);
  return lab(
    matrix.map((row) =>
      Math.min(
        1,
        Math.max(
          0,
          row.reduce((sum, m, i) => sum + m * rgb[i]!, 0),
        ),
      ),
    ),
  );
}

function closestPair(colours: readonly string[], matrix: number[][]): number {
  const seen = colours.map((colour) => seenWith(matrix, colour));
  let closest = Infinity;
  for (let i = 0; i < seen.length; i++)
    for (let j = i + 1; j < seen.length; j++)
      closest = Math.min(closest, Math.hypot(...seen[i]!.map((v, k) => v - seen[j]![k]!)));
  return closest;
}

function hue(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255) as [
    number,
    number,
    number,
  ];
  const max = Math.max(r, g, b);
  const delta = max - Math.min(r, g, b);
  if (delta === 0) return 0;
  const h =
    max === r ? ((g - b) / delta) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
  return (h * 60 + 360) % 360;
}

describe('the default label palette', () => {
  it('does not start with red: the first labels of a set do not read as "abnormal"', () => {
    for (const colour of LABEL_COLORS.slice(0, 3)) {
      const h = hue(colour);
      expect(h > 20 && h < 340, `${colour} (hue ${h.toFixed(0)}°) is red`).toBe(true);
    }
    expect(nextFreeColor([])).toBe(LABEL_COLORS[0]);
  });

  it.each(Object.keys(DEFICIENCIES))('keeps every colour apart with %s', (deficiency) => {
    // ΔE76 above 15: clearly different colours, not shades of one
    expect(closestPair(LABEL_COLORS, DEFICIENCIES[deficiency]!)).toBeGreaterThan(15);
  });

  it('has no black: a box must show on a dark radiograph', () => {
    for (const colour of LABEL_COLORS) expect(lab(linear(colour))[0]).toBeGreaterThan(35);
  });
});
