import { useEffect, useEffectEvent } from 'react';
import type { Editor } from '../../../editor-core/index.ts';
import {
  isTyping,
  isViewingKey,
  pageKeyAfterEditor,
  pageKeyBeforeEditor,
  type PageKeyAction,
  type ShortcutLabel,
} from '../key-map.ts';

interface KeysInput {
  editor: Editor | null;
  labels: readonly ShortcutLabel[];
  /** A dialog is open (help, conflict): its own keys only. */
  blocked: boolean;
  hasSelection: boolean;
  /** Read-only or a classification set: the editor gets its viewing keys only. */
  viewOnly: boolean;
  run: (action: PageKeyAction, target: EventTarget | null) => void;
}

/**
 * The page's keyboard: the page's keys first (navigation, flags, digit labels), then the editor's
 * (tools, zoom, window presets on Shift+digits), then letter labels nobody else uses.
 */
export function useWorkspaceKeys({
  editor,
  labels,
  blocked,
  hasSelection,
  viewOnly,
  run,
}: KeysInput) {
  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || blocked) return;
    const before = pageKeyBeforeEditor(event, labels, hasSelection);
    if (before) {
      event.preventDefault();
      run(before, event.target);
      return;
    }
    if (!editor || isTyping(event.target)) return;
    const onCanvasOrPage =
      event.target === document.body || (event.target as HTMLElement | null)?.tagName === 'CANVAS';
    if (event.key === 'Tab' && !onCanvasOrPage) return;
    if ((!viewOnly || isViewingKey(event, hasSelection)) && editor.handleKey(event)) {
      event.preventDefault();
      return;
    }
    const after = pageKeyAfterEditor(event, labels);
    if (after) {
      event.preventDefault();
      run(after, event.target);
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}
