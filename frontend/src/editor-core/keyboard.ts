import { findBinding, formatChord, isTyping, type KeyBinding } from './key-bindings.ts';
import type { EditorKeyEvent, ToolName } from './types.ts';

export type KeyAction =
  | { type: 'delete' }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'zoom-in' }
  | { type: 'zoom-out' }
  | { type: 'fit' }
  | { type: 'zoom-1' }
  | { type: 'escape' }
  | { type: 'nudge'; dx: number; dy: number }
  | { type: 'tool'; tool: ToolName }
  | { type: 'invert' }
  | { type: 'reset-window' }
  | { type: 'cycle'; backwards: boolean }
  | { type: 'window-preset'; index: number }
  | { type: 'space'; down: boolean };

/** A row's action; null for a mouse gesture, listed in the help overlay, with no key. */
type EditorBinding = KeyBinding<KeyAction | null>;

function row(
  action: KeyAction | null,
  keys: string[],
  group: string,
  label: string,
  more: Partial<EditorBinding> = {},
): EditorBinding {
  return { action, keys, group, label, scope: 'editor', whileTyping: false, ...more };
}

const NUDGE =
  'Nudge the selected box 1 px (Shift: 10 px); nothing selected: ←/→ change sample, ↑/↓ pan';
const ARROWS: [string, number, number][] = [
  ['ArrowLeft', -1, 0],
  ['ArrowRight', 1, 0],
  ['ArrowUp', 0, -1],
  ['ArrowDown', 0, 1],
];
const PRESETS = 'Window presets (DICOM; the digits alone stay labels)';

/**
 * The editor's keys. Plain digits are not here: they are the labels' (the page maps them), and the
 * window presets take the digit row's SHIFTED keys, by the physical key.
 */
export const EDITOR_BINDINGS: readonly EditorBinding[] = [
  row(
    { type: 'tool', tool: 'select' },
    ['V'],
    'Tools',
    'Select tool: click selects, drag moves, handles resize',
    { edits: true },
  ),
  row(
    { type: 'tool', tool: 'draw' },
    ['R', 'B'],
    'Tools',
    'Draw tool: drag draws a box (Shift: square)',
    { edits: true },
  ),
  row({ type: 'tool', tool: 'pan' }, ['H'], 'Tools', 'Pan tool'),
  row({ type: 'space', down: true }, ['Any+Space'], 'Tools', 'Pan while held', {
    display: ['Space (hold)'],
  }),
  row(
    { type: 'delete' },
    ['Shift?+Delete', 'Shift?+Backspace'],
    'Boxes',
    'Delete the selected box',
    { edits: true },
  ),
  row({ type: 'undo' }, ['Mod+Alt?+Z'], 'Boxes', 'Undo', { edits: true }),
  row({ type: 'redo' }, ['Mod+Alt?+Shift+Z', 'Mod+Alt?+Y'], 'Boxes', 'Redo', { edits: true }),
  row({ type: 'cycle', backwards: false }, ['Tab'], 'Boxes', 'Select the next / previous box'),
  row({ type: 'cycle', backwards: true }, ['Shift+Tab'], 'Boxes', 'Select the next / previous box'),
  ...ARROWS.flatMap(([key, dx, dy], index) => [
    row({ type: 'nudge', dx, dy }, [key], 'Boxes', NUDGE, {
      edits: 'selection',
      display: index === 0 ? ['←↑→↓'] : [],
    }),
    row({ type: 'nudge', dx: dx * 10, dy: dy * 10 }, [`Shift+${key}`], 'Boxes', NUDGE, {
      edits: 'selection',
      display: [],
    }),
  ]),
  row({ type: 'escape' }, ['Shift?+Escape'], 'Boxes', 'Cancel the drag, else deselect'),
  row({ type: 'zoom-in' }, ['+', '='], 'View', 'Zoom in (the wheel zooms around the pointer)'),
  row(
    { type: 'zoom-in' },
    ['Mod+Alt?++', 'Mod+Alt?+='],
    'View',
    'Zoom in (the wheel zooms around the pointer)',
    { display: [] },
  ),
  row({ type: 'zoom-out' }, ['-', '_'], 'View', 'Zoom out', { display: ['-'] }),
  row({ type: 'zoom-out' }, ['Mod+Alt?+-'], 'View', 'Zoom out', { display: [] }),
  row(
    { type: 'fit' },
    ['Shift?+F', 'Mod+Alt?+0'],
    'View',
    'Fit the image (also 0 when no label uses it)',
  ),
  row({ type: 'fit' }, ['0'], 'View', 'Fit the image (also 0 when no label uses it)', {
    display: [],
  }),
  row(
    { type: 'zoom-1' },
    ['Shift?+O', 'Mod+Alt?+1'],
    'View',
    '1:1 (one image pixel per screen pixel)',
  ),
  row(null, [], 'View', 'Window / level (DICOM), contrast / brightness (PNG, JPEG)', {
    display: ['Right-drag'],
  }),
  ...Array.from({ length: 9 }, (_, index) =>
    row({ type: 'window-preset', index }, [`Shift+Digit${index + 1}`], 'View', PRESETS, {
      display: index === 0 ? ['Shift+1 … 9'] : [],
    }),
  ),
  row({ type: 'invert' }, ['Shift?+I'], 'View', 'Invert'),
  row({ type: 'reset-window' }, ['Shift?+W'], 'View', 'Reset window / brightness and contrast'),
];

/** The window presets' keys (the help overlay and the adjustments panel list them): Shift+1 … 9. */
export const WINDOW_PRESET_KEYS: readonly { code: string; keys: string; index: number }[] =
  EDITOR_BINDINGS.flatMap((binding) =>
    binding.action?.type === 'window-preset'
      ? [
          {
            code: binding.keys[0]!.slice(6),
            keys: formatChord(binding.keys[0]!),
            index: binding.action.index,
          },
        ]
      : [],
  );

/** The editor's key map: what the key press does, or null for keys the editor does not own. */
export function keyAction(event: EditorKeyEvent): KeyAction | null {
  const binding = findBinding(EDITOR_BINDINGS, event, { typing: isTyping(event.target) });
  if (!binding?.action) return null;
  // Only holding Space cares about the key coming up again.
  if (binding.action.type === 'space') return { type: 'space', down: event.type !== 'keyup' };
  return event.type === 'keyup' ? null : binding.action;
}
