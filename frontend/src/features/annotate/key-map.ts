import {
  EDITOR_BINDINGS,
  findBinding,
  isTyping,
  type KeyContext,
} from '../../editor-core/index.ts';
import { PAGE_BINDINGS, shortcutConflict, type PageKeyAction } from '../../lib/key-table.ts';

export type { PageKeyAction } from '../../lib/key-table.ts';
export { isTyping } from '../../editor-core/index.ts';

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

function context(event: KeyLike, hasSelection = false): KeyContext {
  return { typing: isTyping(event.target), hasSelection, onControl: isControl(event.target) };
}

/**
 * The page's keys that come BEFORE the editor: its table (help, navigation, saving, flags), then
 * digit label shortcuts (the editor's own `0` = fit yields, `F` still fits; the shifted digit row
 * is the editor's window presets).
 */
export function pageKeyBeforeEditor(
  event: KeyLike,
  labels: readonly ShortcutLabel[],
  hasSelection = false,
): PageKeyAction | null {
  const where = context(event, hasSelection);
  const binding = findBinding(PAGE_BINDINGS, event, where);
  if (binding) return binding.action;
  if (where.typing || event.ctrlKey || event.metaKey || event.altKey) return null;
  if (!/^[0-9]$/.test(event.key)) return null;
  // A digit is a label's even with Shift (French keyboards type digits with it); Shift+2 where
  // it types "@" is a window preset, the editor's.
  const labelId = labelFor(labels, event.key);
  return labelId === null ? null : { type: 'label', labelId };
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
 * set without boxes): only the table's rows that do not edit (an arrow edits only a selected box:
 * with none it pans); keys the editor does not own go on to the labels.
 */
export function isViewingKey(event: KeyLike, hasSelection: boolean): boolean {
  const binding = findBinding(EDITOR_BINDINGS, event, { typing: false });
  if (!binding) return !(event.ctrlKey || event.metaKey);
  return binding.edits === undefined || (binding.edits === 'selection' && !hasSelection);
}
