import type { Label } from '../../api/types.ts';

/**
 * New labels' colours: the Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2002/2008,
 * https://jfly.uni-koeln.de/color/; recommended by Wong, "Color blindness", Nature Methods 8:441,
 * 2011), whose colours stay apart for readers with any common colour-vision deficiency. Its black
 * is left out (invisible on a radiograph's dark background) and red-orange (vermillion) comes last:
 * red reads as "abnormal", so a set's first label is not red by default. Eight labels and more
 * repeat colours; their names tell them apart on the image.
 */
export const LABEL_COLORS = [
  '#56b4e9', // sky blue
  '#e69f00', // orange
  '#009e73', // bluish green
  '#f0e442', // yellow
  '#cc79a7', // reddish purple
  '#0072b2', // blue
  '#d55e00', // vermillion
];

const SHORTCUT_ORDER = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

export interface LabelFormValues {
  name: string;
  description: string;
  color: string;
  shortcut: string;
}

/** The first palette colour no label uses yet (the first one when all are taken). */
export function nextFreeColor(labels: Label[]): string {
  const used = new Set(labels.map((label) => label.color.toLowerCase()));
  return (
    LABEL_COLORS.find((color) => !used.has(color)) ??
    LABEL_COLORS[labels.length % LABEL_COLORS.length]!
  );
}

/** The first digit 1..9, then 0, that no label uses; empty when all are taken. */
export function nextFreeShortcut(labels: Label[]): string {
  const used = new Set(labels.map((label) => label.shortcut));
  return SHORTCUT_ORDER.find((key) => !used.has(key)) ?? '';
}

/** Field errors of the label form, or none; `others` are the set's other labels. */
export function validateLabel(
  values: LabelFormValues,
  others: Label[],
): Partial<Record<keyof LabelFormValues, string>> {
  const errors: Partial<Record<keyof LabelFormValues, string>> = {};
  const name = values.name.trim();
  if (!name) errors.name = 'Give the label a name.';
  else if (name.length > 100) errors.name = 'Use at most 100 characters.';
  else if (others.some((label) => label.name.toLowerCase() === name.toLowerCase())) {
    errors.name = `Another label of this set is already called “${name}”.`;
  }
  if (!/^#[0-9a-fA-F]{6}$/.test(values.color.trim())) {
    errors.color = 'Choose a colour, or type one as #rrggbb (e.g. #56b4e9).';
  }
  const shortcut = values.shortcut.trim();
  if (shortcut && !/^[0-9a-z]$/.test(shortcut)) {
    errors.shortcut = 'One key: a digit or a letter a–z.';
  } else if (shortcut) {
    const holder = others.find((label) => label.shortcut === shortcut);
    if (holder) errors.shortcut = `“${holder.name}” already uses ${shortcut}.`;
  }
  return errors;
}
