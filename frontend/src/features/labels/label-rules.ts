import type { Label } from '../../api/types.ts';

/** Distinct colours that stay apart on grey medical images (Sasha Trubetskoy's palette). */
export const LABEL_COLORS = [
  '#e6194b',
  '#3cb44b',
  '#ffe119',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#42d4f4',
  '#f032e6',
  '#bfef45',
  '#fabed4',
  '#469990',
  '#dcbeff',
  '#9a6324',
  '#800000',
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
    errors.color = 'Choose a colour, or type one as #rrggbb (e.g. #e6194b).';
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
