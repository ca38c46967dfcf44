import { shortcutConflict } from './shortcuts.ts';

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

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
  target?: EventTarget | null;
}

export interface ShortcutLabel {
  id: number;
  shortcut?: string | null;
}

/** True when the key press belongs to a text field (typing never triggers a shortcut). */
export function isTyping(target: EventTarget | null | undefined): boolean {
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

/** True for focused controls where Enter means "press this", not "done". */
function isControl(target: EventTarget | null | undefined): boolean {
  const tag = (target as { tagName?: string } | null)?.tagName?.toUpperCase();
  return tag === 'BUTTON' || tag === 'A' || tag === 'INPUT';
}

function labelFor(labels: readonly ShortcutLabel[], key: string): number | null {
  const lower = key.toLowerCase();
  const label = labels.find((item) => item.shortcut?.toLowerCase() === lower);
  return label ? label.id : null;
}

/**
 * The page's keys that come BEFORE the editor: help, navigation, saving, flags and digit label
 * shortcuts (digits are the labels'; the editor's own `0` = fit yields, `F` still fits; the shifted
 * digit row is the editor's window presets).
 * ←/→ move between samples while no box is selected; with a box selected they nudge it.
 */
export function pageKeyBeforeEditor(
  event: KeyLike,
  labels: readonly ShortcutLabel[],
  hasSelection = false,
): PageKeyAction | null {
  if (isTyping(event.target)) return event.key === 'Escape' ? { type: 'blur' } : null;
  const command = Boolean(event.ctrlKey || event.metaKey);
  if (command) {
    return event.key.toLowerCase() === 's' && !event.altKey ? { type: 'save' } : null;
  }
  if (event.altKey) {
    if (event.key === 'ArrowRight') return { type: 'next' };
    if (event.key === 'ArrowLeft') return { type: 'previous' };
    return null;
  }
  if (!hasSelection && !event.shiftKey) {
    if (event.key === 'ArrowRight') return { type: 'next' };
    if (event.key === 'ArrowLeft') return { type: 'previous' };
  }
  if (event.key === '?') return { type: 'help' };
  if (event.key === 'PageDown') return { type: 'next' };
  if (event.key === 'PageUp') return { type: 'previous' };
  if (event.key === 'Enter' && !event.shiftKey && !isControl(event.target)) {
    return { type: 'done-next' };
  }
  if (/^[0-9]$/.test(event.key)) {
    // A digit is a label's even with Shift (French keyboards type digits with it); Shift+2 where
    // it types "@" is a window preset, the editor's.
    const labelId = labelFor(labels, event.key);
    return labelId === null ? null : { type: 'label', labelId };
  }
  if (event.key.length !== 1 || event.shiftKey) return null;
  switch (event.key.toLowerCase()) {
    case 't':
      return { type: 'tentative' };
    case 'q':
      return { type: 'bad-quality' };
    case 'p':
      return { type: 'toggle-panel' };
  }
  return null;
}

/** Letter label shortcuts: only the keys neither the page nor the editor uses. */
export function pageKeyAfterEditor(
  event: KeyLike,
  labels: readonly ShortcutLabel[],
): PageKeyAction | null {
  if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return null;
  if (event.key.length !== 1 || event.shiftKey || shortcutConflict(event.key)) return null;
  const labelId = labelFor(labels, event.key);
  return labelId === null ? null : { type: 'label', labelId };
}

/**
 * Keys the editor may act on when the reading cannot be changed (read-only, or a classification
 * set without boxes): only viewing keys; never delete, undo, drawing or moving a box.
 */
export function isViewingKey(event: KeyLike, hasSelection: boolean): boolean {
  if (event.ctrlKey || event.metaKey) {
    return ['0', '1', '=', '+', '-'].includes(event.key);
  }
  if (event.key.startsWith('Arrow')) return !hasSelection;
  const lower = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  return !['Delete', 'Backspace', 'v', 'r', 'b'].includes(lower);
}
