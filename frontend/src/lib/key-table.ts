import { EDITOR_BINDINGS, type KeyAction, type KeyBinding } from '../editor-core/index.ts';

export type PageKeyAction =
  | { type: 'help' }
  | { type: 'next' }
  | { type: 'previous' }
  | { type: 'done-next' }
  | { type: 'save' }
  | { type: 'tentative' }
  | { type: 'bad-quality' }
  | { type: 'toggle-panel' }
  | { type: 'label'; labelId: number }
  | { type: 'blur' };

const GROUP = 'Samples and reading';

function row(
  action: PageKeyAction,
  keys: string[],
  label: string,
  more: Partial<KeyBinding<PageKeyAction>> = {},
): KeyBinding<PageKeyAction> {
  return { action, keys, label, group: GROUP, scope: 'page', whileTyping: false, ...more };
}

const NEXT = 'Next sample (saves first)';
const PREVIOUS = 'Previous sample (saves first)';

/**
 * The page's own keys, which come before the editor's: ←/→ change sample while no box is selected
 * (with one selected they nudge it), and the digit label keys (not here: they are the set's) come
 * next, so a label on `0` wins over "fit".
 */
export const PAGE_BINDINGS: readonly KeyBinding<PageKeyAction>[] = [
  row({ type: 'next' }, ['ArrowRight'], NEXT, { when: 'nothing-selected' }),
  row({ type: 'next' }, ['Shift?+PageDown', 'Alt+Shift?+ArrowRight'], NEXT),
  row({ type: 'previous' }, ['ArrowLeft'], PREVIOUS, { when: 'nothing-selected' }),
  row({ type: 'previous' }, ['Shift?+PageUp', 'Alt+Shift?+ArrowLeft'], PREVIOUS),
  row(
    { type: 'done-next' },
    ['Enter'],
    'Done: save this reading (also with no findings) and go to the next',
    { when: 'not-on-a-control' },
  ),
  row({ type: 'save' }, ['Mod+Shift?+S'], 'Save now'),
  row({ type: 'tentative' }, ['T'], 'Toggle tentative'),
  row({ type: 'bad-quality' }, ['Q'], 'Toggle bad quality'),
  row({ type: 'toggle-panel' }, ['P'], 'Show or hide the side panel'),
  row({ type: 'blur' }, ['Any+Escape'], 'In a text field: leave it (keys work again)', {
    whileTyping: true,
    when: 'typing',
  }),
  row({ type: 'help' }, ['?'], 'This list'),
];

/**
 * Every key of the annotate page: the page's, then the editor's. The help overlay lists it, and
 * the label settings warn of a letter shortcut a row takes.
 */
export const KEY_TABLE: readonly KeyBinding<PageKeyAction | KeyAction | null>[] = [
  ...PAGE_BINDINGS,
  ...EDITOR_BINDINGS,
];

/** The row that takes a label's letter shortcut before the label does (digits are always labels'). */
export function shortcutTakenBy(
  shortcut: string,
): KeyBinding<PageKeyAction | KeyAction | null> | undefined {
  const key = shortcut.toLowerCase();
  if (!/^[a-z]$/.test(key)) return undefined;
  return KEY_TABLE.find((row) =>
    row.keys.some(
      (chord) => /^(Shift\?\+)?[A-Z]$/.test(chord) && chord.slice(-1).toLowerCase() === key,
    ),
  );
}

/** Who owns a label's shortcut key: null for the label, else the page or the editor that takes it. */
export function shortcutConflict(shortcut: string): 'the page' | 'the editor' | null {
  const row = shortcutTakenBy(shortcut);
  return row ? (row.scope === 'page' ? 'the page' : 'the editor') : null;
}
