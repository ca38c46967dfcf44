import type { WindowPreset } from '../../editor-core/index.ts';

/**
 * The windows a DICOM file declares itself (`dicom.window_presets` with source `file`: its Window
 * Center/Width values and its VOI LUT as a window), for the editor's preset menu. Anything else the
 * server lists (its automatic window, the CT standards) the editor already offers on its own.
 */
export function filePresets(
  presets: readonly Record<string, unknown>[] | undefined,
): WindowPreset[] {
  const found: WindowPreset[] = [];
  for (const preset of presets ?? []) {
    const { name, center, width, source } = preset;
    if (source !== 'file' || typeof name !== 'string') continue;
    if (typeof center !== 'number' || typeof width !== 'number' || !(width > 0)) continue;
    found.push({ name, center, width });
  }
  return found;
}
