/** Every key of the annotate page, for the `?` overlay: the page's own keys and the editor's. */
export interface ShortcutGroup {
  title: string;
  items: { keys: string[]; action: string }[];
}

export const PAGE_SHORTCUTS: ShortcutGroup = {
  title: 'Samples and reading',
  items: [
    {
      keys: ['→', 'PageDown', 'Alt+→'],
      action: 'Next sample (saves first)',
    },
    {
      keys: ['←', 'PageUp', 'Alt+←'],
      action: 'Previous sample (saves first)',
    },
    {
      keys: ['Enter'],
      action: 'Done: save this reading (also with no findings) and go to the next',
    },
    { keys: ['Ctrl+S'], action: 'Save now' },
    { keys: ['T'], action: 'Toggle tentative' },
    { keys: ['Q'], action: 'Toggle bad quality' },
    { keys: ['P'], action: 'Show or hide the side panel' },
    { keys: ['Esc'], action: 'In a text field: leave it (keys work again)' },
    { keys: ['?'], action: 'This list' },
  ],
};

export const EDITOR_SHORTCUTS: ShortcutGroup[] = [
  {
    title: 'Tools',
    items: [
      { keys: ['V'], action: 'Select tool: click selects, drag moves, handles resize' },
      { keys: ['R', 'B'], action: 'Draw tool: drag draws a box (Shift: square)' },
      { keys: ['H'], action: 'Pan tool' },
      { keys: ['Space (hold)'], action: 'Pan while held' },
    ],
  },
  {
    title: 'Boxes',
    items: [
      { keys: ['Delete', 'Backspace'], action: 'Delete the selected box' },
      { keys: ['Ctrl+Z'], action: 'Undo' },
      { keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], action: 'Redo' },
      { keys: ['Tab', 'Shift+Tab'], action: 'Select the next / previous box' },
      {
        keys: ['←↑→↓'],
        action:
          'Nudge the selected box 1 px (Shift: 10 px); nothing selected: ←/→ change sample, ↑/↓ pan',
      },
      { keys: ['Esc'], action: 'Cancel the drag, else deselect' },
    ],
  },
  {
    title: 'View',
    items: [
      { keys: ['+', '='], action: 'Zoom in (the wheel zooms around the pointer)' },
      { keys: ['-'], action: 'Zoom out' },
      { keys: ['F', 'Ctrl+0'], action: 'Fit the image (also 0 when no label uses it)' },
      { keys: ['O', 'Ctrl+1'], action: '1:1 (one image pixel per screen pixel)' },
      { keys: ['Right-drag'], action: 'Window / level (DICOM), contrast / brightness (PNG, JPEG)' },
      { keys: ['Shift+1 … 9'], action: 'Window presets (DICOM; the digits alone stay labels)' },
      { keys: ['I'], action: 'Invert' },
      { keys: ['W'], action: 'Reset window / brightness and contrast' },
    ],
  },
];

/** Keys the page itself uses (lower case); a label's letter shortcut never takes them. */
export const PAGE_KEYS = new Set(['t', 'q', 'p']);

/** Keys the editor uses (lower case); a label's letter shortcut yields to them. */
export const EDITOR_KEYS = new Set(['v', 'r', 'b', 'h', 'f', 'o', 'i', 'w']);

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
