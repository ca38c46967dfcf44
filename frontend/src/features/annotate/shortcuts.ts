import { EDITOR_BINDINGS, formatChord, type KeyBinding } from '../../editor-core/index.ts';
import { PAGE_BINDINGS } from '../../lib/key-table.ts';

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
