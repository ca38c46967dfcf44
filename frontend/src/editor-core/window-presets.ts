export interface WindowPreset {
  name: string;
  center: number;
  width: number;
}

/** Common CT windows, in Hounsfield units. */
export const CT_PRESETS: readonly WindowPreset[] = [
  { name: 'Brain', center: 40, width: 80 },
  { name: 'Subdural', center: 75, width: 215 },
  { name: 'Stroke', center: 40, width: 40 },
  { name: 'Soft tissue', center: 50, width: 400 },
  { name: 'Mediastinum', center: 50, width: 350 },
  { name: 'Liver', center: 60, width: 160 },
  { name: 'Lung', center: -600, width: 1500 },
  { name: 'Bone', center: 400, width: 1800 },
];

/**
 * Presets for a loaded image, in the order of their keys (Shift+1 the first): the window it opened
 * with, then for CT the CT presets (so Shift+2 is always Brain ... Shift+8 Lung, Shift+9 Bone, on
 * every CT, as a PACS viewer's keys are), then the file's other windows (its further Window
 * Center/Width values and its VOI LUT, by their names) and the full value range.
 */
export function windowPresets(options: {
  modality?: string | null;
  defaultWindow?: { center: number; width: number } | null;
  filePresets?: readonly WindowPreset[];
  valueRange?: { min: number; max: number } | null;
}): WindowPreset[] {
  const presets: WindowPreset[] = [];
  const opened = options.defaultWindow;
  const files = options.filePresets ?? [];
  const isOpened = (preset: WindowPreset) =>
    preset.center === opened?.center && preset.width === opened.width;
  if (opened) {
    const named = files.find(isOpened);
    presets.push({ name: named ? `Default · ${named.name}` : 'Default', ...opened });
  }
  if (options.modality?.toUpperCase() === 'CT') presets.push(...CT_PRESETS);
  for (const preset of files) {
    if (!isOpened(preset))
      presets.push({ name: preset.name, center: preset.center, width: preset.width });
  }
  if (options.valueRange) presets.push({ name: 'Full range', ...rangeWindow(options.valueRange) });
  return presets;
}

/** The window that spans a value range exactly. */
export function rangeWindow(range: { min: number; max: number }): {
  center: number;
  width: number;
} {
  return { center: (range.min + range.max + 1) / 2, width: Math.max(1, range.max - range.min + 1) };
}
