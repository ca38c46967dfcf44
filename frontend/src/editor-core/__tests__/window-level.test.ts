import { describe, expect, it } from 'vitest';
import { brightnessContrastFilter, brightnessContrastLut } from '../brightness-contrast.ts';
import { PixelSource } from '../pixel-source.ts';
import { applyWindow, buildWindowLut, voiLinear } from '../window-level.ts';
import { windowPresets } from '../window-presets.ts';

function greys(rgba: Uint8ClampedArray): number[] {
  const out: number[] = [];
  for (let i = 0; i < rgba.length; i += 4) {
    expect(rgba[i]).toBe(rgba[i + 1]);
    expect(rgba[i + 3]).toBe(255);
    out.push(rgba[i]!);
  }
  return out;
}

describe('DICOM linear VOI function', () => {
  it.each([
    [40, 400],
    [-600, 1500],
    [1024, 4096],
  ])('centre %s width %s maps to mid-grey, the window edges to black and white', (c, w) => {
    expect(voiLinear(c, c, w)).toBeCloseTo(127.5, 0);
    expect(voiLinear(c - w / 2, c, w)).toBe(0);
    expect(voiLinear(c - w / 2 - 100, c, w)).toBe(0);
    expect(voiLinear(c + w / 2, c, w)).toBe(255);
    expect(voiLinear(c + w / 2 + 100, c, w)).toBe(255);
  });

  it('is linear and increasing inside the window', () => {
    const a = voiLinear(0, 40, 400);
    const b = voiLinear(50, 40, 400);
    const c = voiLinear(100, 40, 400);
    expect(b - a).toBeCloseTo(c - b, 9);
    expect(c).toBeGreaterThan(b);
  });

  it('handles widths below 1 (float data) without dividing by zero', () => {
    expect(voiLinear(0.5, 0.5, 0.2)).toBeCloseTo(127.5);
    expect(voiLinear(0.3, 0.5, 0.2)).toBe(0);
    expect(voiLinear(0.7, 0.5, 0.2)).toBe(255);
  });
});

describe('windowed rendering', () => {
  const hu = [-1000, -160, 40, 240, 3000];

  it('applies offset (stored + offset = HU) through the integer LUT', () => {
    const data = Uint16Array.from(hu, (v) => v + 1024);
    const out = new Uint8ClampedArray(data.length * 4);
    applyWindow(data, -1024, { center: 40, width: 400, invert: false }, out);
    const values = greys(out);
    expect(values[0]).toBe(0);
    expect(values[1]).toBe(0);
    expect(Math.abs(values[2]! - 127.5)).toBeLessThanOrEqual(1);
    expect(values[3]).toBe(255);
    expect(values[4]).toBe(255);
  });

  it('inverts', () => {
    const data = Int16Array.from(hu);
    const plain = new Uint8ClampedArray(data.length * 4);
    const inverted = new Uint8ClampedArray(data.length * 4);
    applyWindow(data, 0, { center: 40, width: 400, invert: false }, plain);
    applyWindow(data, 0, { center: 40, width: 400, invert: true }, inverted);
    expect(greys(inverted)).toEqual(greys(plain).map((v) => 255 - v));
  });

  it('renders float data the same way as integer data', () => {
    const ints = Int16Array.from(hu);
    const floats = Float32Array.from(hu);
    const a = new Uint8ClampedArray(hu.length * 4);
    const b = new Uint8ClampedArray(hu.length * 4);
    applyWindow(ints, 0, { center: 40, width: 400, invert: false }, a);
    applyWindow(floats, 0, { center: 40, width: 400, invert: false }, b);
    expect(greys(b)).toEqual(greys(a));
  });

  it('builds a LUT indexed by stored value minus the minimum', () => {
    const lut = buildWindowLut(-10, 10, 0, { center: 0, width: 10, invert: false });
    expect(lut.length).toBe(21);
    expect(lut[0]).toBe(0);
    expect(lut[20]).toBe(255);
  });
});

describe('PixelSource', () => {
  // 4 x 3 pixels of a 40 x 30 original (the pixel grid is scaled onto the original)
  const data = Uint16Array.from([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]);
  const pixels = { data, offset: -5, rows: 3, columns: 4 };

  it('valueAt returns stored + offset at original-image coordinates', () => {
    const source = new PixelSource(pixels, { width: 4, height: 3 });
    expect(source.valueAt(0, 0)).toBe(-5);
    expect(source.valueAt(2.9, 1.2)).toBe(7);
    expect(source.valueAt(3, 2)).toBe(18);
  });

  it('valueAt scales when the pixel grid is smaller than the original', () => {
    const source = new PixelSource(pixels, { width: 40, height: 30 });
    expect(source.valueAt(39, 29)).toBe(18);
    expect(source.valueAt(15, 12)).toBe(6);
  });

  it('valueAt is null outside the image', () => {
    const source = new PixelSource(pixels, { width: 4, height: 3 });
    expect(source.valueAt(-0.1, 0)).toBeNull();
    expect(source.valueAt(4, 0)).toBeNull();
    expect(source.valueAt(0, 3)).toBeNull();
  });

  it('uses the file window, else the full range', () => {
    const withWindow = new PixelSource(
      { ...pixels, windowCenter: 40, windowWidth: 80 },
      { width: 4, height: 3 },
    );
    expect(withWindow.defaultWindow()).toEqual({ center: 40, width: 80 });
    const without = new PixelSource(pixels, { width: 4, height: 3 });
    expect(without.defaultWindow()).toEqual({ center: 7, width: 24 });
  });

  it('shows MONOCHROME1 inverted', () => {
    const mono1 = new PixelSource(
      { ...pixels, photometric: 'MONOCHROME1' },
      { width: 4, height: 3 },
    );
    const out = new Uint8ClampedArray(12 * 4);
    mono1.render({ ...mono1.defaultWindow(), invert: false }, out);
    const values = greys(out);
    expect(values[0]).toBe(255);
    expect(values[11]).toBe(0);
  });
});

describe('presets and brightness/contrast', () => {
  it('offers CT presets only for CT', () => {
    const ct = windowPresets({ modality: 'CT', valueRange: { min: -1024, max: 3071 } });
    expect(ct.map((p) => p.name)).toContain('Lung');
    expect(ct.at(-1)).toEqual({ name: 'Full range', center: 1024, width: 4096 });
    expect(windowPresets({ modality: 'MR' }).map((p) => p.name)).not.toContain('Lung');
  });

  it('puts the CT presets right after the default, before the file windows: fixed keys on every CT', () => {
    const names = (filePresets: { name: string; center: number; width: number }[]) =>
      windowPresets({
        modality: 'CT',
        defaultWindow: { center: 40, width: 400 },
        filePresets,
        valueRange: { min: -1024, max: 3071 },
      }).map((preset) => preset.name);
    const plain = names([]);
    const withFileWindows = names([{ name: 'HEAD', center: 35, width: 90 }]);
    expect(plain.slice(0, 9)).toEqual(withFileWindows.slice(0, 9));
    expect(plain.slice(0, 9)).toEqual([
      'Default',
      'Brain',
      'Subdural',
      'Stroke',
      'Soft tissue',
      'Mediastinum',
      'Liver',
      'Lung',
      'Bone',
    ]);
    expect(withFileWindows.slice(9)).toEqual(['HEAD', 'Full range']);
  });

  it('neutral brightness/contrast is the identity', () => {
    const lut = brightnessContrastLut(0, 0);
    for (let v = 0; v < 256; v++) expect(lut[v]).toBe(v);
    expect(brightnessContrastFilter(0, 0)).toBe('none');
  });

  it('brightness lifts and contrast spreads around mid-grey', () => {
    expect(brightnessContrastLut(50, 0)[100]).toBe(150);
    const contrast = brightnessContrastLut(0, 100);
    expect(contrast[64]).toBeLessThan(64);
    expect(contrast[192]).toBeGreaterThan(192);
    expect(brightnessContrastFilter(20, -50)).toBe('brightness(1.2) contrast(0.5)');
  });
});
