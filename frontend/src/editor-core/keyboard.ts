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

const ARROWS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

const TOOL_KEYS: Record<string, ToolName> = { v: 'select', r: 'draw', b: 'draw', h: 'pan' };

/**
 * The window presets' keys, a table (the help overlay lists it): the digit row's SHIFTED keys, so
 * the plain digits stay the labels'. Read by the physical key (`code`), and only when the key typed
 * is not itself a digit: Shift+2 is "@" on a US keyboard, but on a French one the digits ARE the
 * shifted symbols, and those stay label keys.
 */
export const WINDOW_PRESET_KEYS: readonly { code: string; keys: string; index: number }[] =
  Array.from({ length: 9 }, (_, index) => ({
    code: `Digit${index + 1}`,
    keys: `Shift+${index + 1}`,
    index,
  }));

function windowPresetKey(event: EditorKeyEvent): KeyAction | null {
  if (!event.shiftKey || /^[0-9]$/.test(event.key)) return null;
  const binding = WINDOW_PRESET_KEYS.find((item) => item.code === event.code);
  return binding ? { type: 'window-preset', index: binding.index } : null;
}

/** True when the key press belongs to a text field, not to the editor. */
export function isTextInput(target: unknown): boolean {
  if (!target || typeof target !== 'object') return false;
  const element = target as { tagName?: string; isContentEditable?: boolean; type?: string };
  if (element.isContentEditable) return true;
  const tag = element.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !['checkbox', 'radio', 'button', 'range'].includes(element.type ?? '');
}

/**
 * The editor's key map. Plain digits 1-9 are left to the page (label shortcuts).
 * Returns null for keys the editor does not own.
 */
export function keyAction(event: EditorKeyEvent): KeyAction | null {
  if (isTextInput(event.target)) return null;
  const key = event.key;
  const command = Boolean(event.ctrlKey || event.metaKey);
  if (key === ' ') return { type: 'space', down: event.type !== 'keyup' };
  if (event.type === 'keyup') return null;
  const lower = key.length === 1 ? key.toLowerCase() : key;
  if (command) {
    if (lower === 'z') return event.shiftKey ? { type: 'redo' } : { type: 'undo' };
    if (lower === 'y' && !event.shiftKey) return { type: 'redo' };
    if (key === '0') return { type: 'fit' };
    if (key === '1') return { type: 'zoom-1' };
    if (key === '=' || key === '+') return { type: 'zoom-in' };
    if (key === '-') return { type: 'zoom-out' };
    return null;
  }
  if (event.altKey) return null;
  const preset = windowPresetKey(event);
  if (preset) return preset;
  const arrow = ARROWS[key];
  if (arrow) {
    const step = event.shiftKey ? 10 : 1;
    return { type: 'nudge', dx: arrow[0] * step, dy: arrow[1] * step };
  }
  switch (lower) {
    case 'Delete':
    case 'Backspace':
      return { type: 'delete' };
    case 'Escape':
      return { type: 'escape' };
    case 'Tab':
      return { type: 'cycle', backwards: Boolean(event.shiftKey) };
    case '+':
    case '=':
      return { type: 'zoom-in' };
    case '-':
    case '_':
      return { type: 'zoom-out' };
    case '0':
    case 'f':
      return { type: 'fit' };
    case 'o':
      return { type: 'zoom-1' };
    case 'i':
      return { type: 'invert' };
    case 'w':
      return { type: 'reset-window' };
  }
  const tool = TOOL_KEYS[lower];
  return tool && !event.shiftKey ? { type: 'tool', tool } : null;
}
