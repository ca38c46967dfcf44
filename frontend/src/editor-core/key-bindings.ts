import type { EditorKeyEvent } from './types.ts';

/**
 * One row of a key table (as OHIF's hotkey bindings): what a key does, where, and what the help
 * overlay says about it. The editor's rows are below; the annotate page adds its own beside them.
 *
 * A chord is `Mod+Alt+Shift+Key`: a modifier named must be held, one not named must not be, one
 * named with `?` may be either (`Shift?+F`), and `Any+` takes every modifier. `Mod` is Ctrl or Cmd.
 * The key is a letter (either case), a symbol, a `KeyboardEvent.key` name (`ArrowLeft`, `Escape`),
 * `Space`, or a physical key (`Digit1`). Shift never counts for a symbol or digit (it is how some
 * layouts type them), and a physical digit key matches only when the key typed is not a digit (on a
 * French keyboard Shift+1 types "1", and that stays the label's).
 */
export interface KeyBinding<Action> {
  action: Action;
  keys: readonly string[];
  /** What it does, for the help overlay; rows of one group with the same label are one line. */
  label: string;
  scope: 'editor' | 'page';
  /** It acts while the user types in a text field (most keys do not). */
  whileTyping: boolean;
  /** Only while typing, only with no box selected, or not on a focused button or link. */
  when?: 'typing' | 'nothing-selected' | 'not-on-a-control';
  /** Changes the reading (a read-only view ignores it); `selection`: only with a box selected. */
  edits?: true | 'selection';
  /** The overlay's heading for it. */
  group: string;
  /** The keys as the overlay shows them, where the chords read poorly ([] lists none). */
  display?: readonly string[];
}

export interface KeyContext {
  typing: boolean;
  hasSelection?: boolean;
  /** The key press comes from a focused button, link or input. */
  onControl?: boolean;
}

/** True when the key press belongs to a text field or slider (typing never triggers a shortcut). */
export function isTyping(target: unknown): boolean {
  if (!target || typeof target !== 'object') return false;
  const element = target as {
    tagName?: string;
    isContentEditable?: boolean;
    type?: string;
    getAttribute?: (name: string) => string | null;
  };
  if (element.isContentEditable) return true;
  if (element.getAttribute?.('role') === 'slider') return true; // its arrows move the slider
  const tag = element.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !['checkbox', 'radio', 'button', 'range'].includes(element.type ?? '');
}

type Need = 'yes' | 'no' | 'any';

interface Chord {
  mod: Need;
  alt: Need;
  shift: Need;
  key: string;
}

const chords = new Map<string, Chord>();

/** `Digit1` … `Digit9`, `Digit0`: a key on the keyboard, whatever the layout types with it. */
function isPhysical(key: string): boolean {
  return /^Digit[0-9]$/.test(key);
}

function parseChord(text: string): Chord {
  const known = chords.get(text);
  if (known) return known;
  // "Mod++" is Mod with the "+" key.
  const parts =
    text === '+'
      ? ['+']
      : text.endsWith('++')
        ? [...text.slice(0, -2).split('+'), '+']
        : text.split('+');
  const key = parts.pop()!;
  const chord: Chord = { mod: 'no', alt: 'no', shift: 'no', key };
  for (const part of parts) {
    if (part === 'Any') {
      Object.assign(chord, { mod: 'any', alt: 'any', shift: 'any' });
      continue;
    }
    const name = part.replace('?', '').toLowerCase() as 'mod' | 'alt' | 'shift';
    chord[name] = part.endsWith('?') ? 'any' : 'yes';
  }
  if (key.length === 1 && key.toLowerCase() === key.toUpperCase()) chord.shift = 'any';
  chords.set(text, chord);
  return chord;
}

function keyMatches(event: EditorKeyEvent, key: string): boolean {
  if (isPhysical(key)) return event.code === key && !/^[0-9]$/.test(event.key);
  if (key === 'Space') return event.key === ' ';
  if (key.length === 1)
    return event.key.length === 1 && event.key.toLowerCase() === key.toLowerCase();
  return event.key === key;
}

function holds(need: Need, pressed: boolean | undefined): boolean {
  return need === 'any' || (need === 'yes') === Boolean(pressed);
}

/** True when the key press is this chord. */
export function matchesChord(event: EditorKeyEvent, text: string): boolean {
  const chord = parseChord(text);
  return (
    keyMatches(event, chord.key) &&
    holds(chord.mod, event.ctrlKey || event.metaKey) &&
    holds(chord.alt, event.altKey) &&
    holds(chord.shift, event.shiftKey)
  );
}

/**
 * The row of the table the key press triggers here, if any. A physical key (`Shift+Digit1`) is the
 * more specific chord, so it is tried first: on a layout where Shift+1 types a letter, the preset
 * wins over that letter's row.
 */
export function findBinding<Action>(
  table: readonly KeyBinding<Action>[],
  event: EditorKeyEvent,
  context: KeyContext,
): KeyBinding<Action> | undefined {
  const rows = table.filter((binding) => {
    if (context.typing ? !binding.whileTyping : binding.when === 'typing') return false;
    if (binding.when === 'nothing-selected' && context.hasSelection) return false;
    return !(binding.when === 'not-on-a-control' && context.onControl);
  });
  const physical = (chord: string) => isPhysical(parseChord(chord).key);
  const match = (wanted: boolean) =>
    rows.find((binding) =>
      binding.keys.some((chord) => physical(chord) === wanted && matchesChord(event, chord)),
    );
  return match(true) ?? match(false);
}

const KEY_NAMES: Record<string, string> = {
  ArrowLeft: '←',
  ArrowRight: '→',
  ArrowUp: '↑',
  ArrowDown: '↓',
  Escape: 'Esc',
};

/** A chord as people read it: `Mod+Alt?+Z` is "Ctrl+Z", `Alt+Shift?+ArrowRight` is "Alt+→". */
export function formatChord(text: string): string {
  const chord = parseChord(text);
  const key = isPhysical(chord.key)
    ? chord.key.slice(5)
    : (KEY_NAMES[chord.key] ?? (chord.key.length === 1 ? chord.key.toUpperCase() : chord.key));
  const held = [chord.mod === 'yes' && 'Ctrl', chord.alt === 'yes' && 'Alt'];
  if (chord.shift === 'yes') held.push('Shift');
  return [...held.filter(Boolean), key].join('+');
}
