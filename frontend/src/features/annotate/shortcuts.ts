import { EDITOR_BINDINGS, formatChord, type KeyBinding } from '../../editor-core/index.ts';
import { PAGE_BINDINGS } from './key-table.ts';

/** Every key of the annotate page, for the `?` overlay: the page's own keys and the editor's. */
export interface ShortcutGroup {
  title: string;
  items: { keys: string[]; action: string }[];
}

/** The table's rows as the overlay lists them: by group, rows with one label on one line. */
function shortcutGroups(table: readonly KeyBinding<unknown>[]): ShortcutGroup[] {
  const groups: ShortcutGroup[] = [];
  for (const binding of table) {
    let group = groups.find((item) => item.title === binding.group);
    if (!group) groups.push((group = { title: binding.group, items: [] }));
    let item = group.items.find((entry) => entry.action === binding.label);
    if (!item) group.items.push((item = { keys: [], action: binding.label }));
    item.keys.push(...(binding.display ?? binding.keys.map(formatChord)));
  }
  return groups;
}

export const PAGE_SHORTCUTS: ShortcutGroup = shortcutGroups(PAGE_BINDINGS)[0]!;

export const EDITOR_SHORTCUTS: ShortcutGroup[] = shortcutGroups(EDITOR_BINDINGS);

/** The letters a table's rows take without Ctrl or Alt (lower case). */
function letters(table: readonly KeyBinding<unknown>[]): Set<string> {
  return new Set(
    table.flatMap((binding) =>
      binding.keys
        .filter((chord) => /^(Shift\?\+)?[A-Z]$/.test(chord))
        .map((chord) => chord.slice(-1).toLowerCase()),
    ),
  );
}

/** Keys the page itself uses (lower case); a label's letter shortcut never takes them. */
export const PAGE_KEYS = letters(PAGE_BINDINGS);

/** Keys the editor uses (lower case); a label's letter shortcut yields to them. */
export const EDITOR_KEYS = letters(EDITOR_BINDINGS);

/** Who owns a label's shortcut key: the label, or the page or editor that takes it first. */
export function shortcutConflict(shortcut: string): string | null {
  const key = shortcut.toLowerCase();
  if (/^[0-9]$/.test(key)) return null; // digits always belong to the labels
  if (PAGE_KEYS.has(key)) return 'the page';
  if (EDITOR_KEYS.has(key)) return 'the editor';
  return null;
}

/** "1–5" for a run of digits, else the keys one by one: "1, 2, X". */
export function keyRange(labels: readonly { shortcut?: string | null }[]): string {
  const keys = labels.map((label) => label.shortcut?.toUpperCase()).filter(Boolean) as string[];
  const digits = keys.filter((key) => /^[1-9]$/.test(key)).map(Number);
  const run =
    digits.length >= 3 &&
    digits.length === keys.length &&
    Math.max(...digits) - Math.min(...digits) === digits.length - 1;
  return run ? `${Math.min(...digits)}–${Math.max(...digits)}` : keys.join(', ');
}
