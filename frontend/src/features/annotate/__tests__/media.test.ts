import { describe, expect, it } from 'vitest';
import { parsePixels } from '../media.ts';

function headers(values: Record<string, string>): Headers {
  return new Headers(values);
}

describe('parsePixels', () => {
  it('reads a CT slice as int16 with offset, window and photometric', () => {
    const data = new Int16Array([-1000, 0, 40, 1200]);
    const pixels = parsePixels(
      data.buffer,
      headers({
        'X-Pixel-Dtype': 'int16',
        'X-Pixel-Rows': '2',
        'X-Pixel-Columns': '2',
        'X-Pixel-Channels': '1',
        'X-Pixel-Offset': '-24',
        'X-Window-Center': '40',
        'X-Window-Width': '400',
        'X-Photometric': 'MONOCHROME2',
      }),
    );
    expect(pixels).not.toBeNull();
    expect(pixels!.data).toBeInstanceOf(Int16Array);
    expect(Array.from(pixels!.data)).toEqual([-1000, 0, 40, 1200]);
    expect(pixels).toMatchObject({
      rows: 2,
      columns: 2,
      offset: -24,
      windowCenter: 40,
      windowWidth: 400,
    });
  });

  it('reads uint16 and float32, MONOCHROME1, and a missing window', () => {
    const u16 = parsePixels(
      new Uint16Array([1, 2]).buffer,
      headers({
        'X-Pixel-Dtype': 'uint16',
        'X-Pixel-Rows': '1',
        'X-Pixel-Columns': '2',
        'X-Photometric': 'MONOCHROME1',
      }),
    );
    expect(u16!.data).toBeInstanceOf(Uint16Array);
    expect(u16).toMatchObject({
      windowCenter: null,
      windowWidth: null,
      offset: 0,
      photometric: 'MONOCHROME1',
    });
    const f32 = parsePixels(
      new Float32Array([0.5]).buffer,
      headers({ 'X-Pixel-Dtype': 'float32', 'X-Pixel-Rows': '1', 'X-Pixel-Columns': '1' }),
    );
    expect(f32!.data[0]).toBeCloseTo(0.5);
  });

  it('refuses colour, unknown types and short bodies (the display image is used instead)', () => {
    const base = { 'X-Pixel-Dtype': 'uint8', 'X-Pixel-Rows': '2', 'X-Pixel-Columns': '2' };
    expect(
      parsePixels(new ArrayBuffer(12), headers({ ...base, 'X-Pixel-Channels': '3' })),
    ).toBeNull();
    expect(
      parsePixels(new ArrayBuffer(4), headers({ ...base, 'X-Pixel-Dtype': 'int64' })),
    ).toBeNull();
    expect(parsePixels(new ArrayBuffer(3), headers(base))).toBeNull();
  });
});
