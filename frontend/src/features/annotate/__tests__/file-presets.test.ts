import { describe, expect, it } from 'vitest';
import { windowPresets } from '../../../editor-core/window-presets.ts';
import { filePresets } from '../file-presets.ts';

const SERVER_PRESETS = [
  { name: 'File', center: 2048, width: 4096, source: 'file', explanation: null },
  { name: 'GAMMA 0.5', center: 2028, width: 4054, source: 'file', explanation: 'the VOI LUT' },
  { name: 'Soft tissue', center: 40, width: 400, source: 'standard', explanation: null },
  { name: 'Auto', center: 10, width: 20, source: 'auto', explanation: null },
  { name: 'Broken', center: '1', width: 0, source: 'file' },
];

describe('filePresets', () => {
  it("keeps the file's own windows, named, and drops what is not one", () => {
    expect(filePresets(SERVER_PRESETS)).toEqual([
      { name: 'File', center: 2048, width: 4096 },
      { name: 'GAMMA 0.5', center: 2028, width: 4054 },
    ]);
    expect(filePresets(undefined)).toEqual([]);
  });

  it('offers them after the opening window, which takes the name of the one it is', () => {
    const presets = windowPresets({
      modality: 'DX',
      defaultWindow: { center: 2048, width: 4096 },
      filePresets: filePresets(SERVER_PRESETS),
      valueRange: { min: 0, max: 4095 },
    });
    expect(presets.map((preset) => preset.name)).toEqual([
      'Default · File',
      'GAMMA 0.5',
      'Full range',
    ]);
  });

  it('keeps the plain name when the opening window is none of them', () => {
    const presets = windowPresets({ defaultWindow: { center: 1, width: 2 }, filePresets: [] });
    expect(presets.map((preset) => preset.name)).toEqual(['Default']);
  });
});
