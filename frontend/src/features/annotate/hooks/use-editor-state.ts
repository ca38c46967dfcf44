import { useEffect, useState } from 'react';
import type { Editor, ToolName, WindowState } from '../../../editor-core/index.ts';
import type { Box } from '../../../editor-core/index.ts';

export interface EditorView {
  tool: ToolName;
  selected: Box | null;
  scale: number;
  window: WindowState | null;
  canUndo: boolean;
  canRedo: boolean;
}

const INITIAL: EditorView = {
  tool: 'draw',
  selected: null,
  scale: 1,
  window: null,
  canUndo: false,
  canRedo: false,
};

/** What the panels show of the editor: tool, selected box, zoom, window and undo state. */
export function useEditorState(editor: Editor | null): EditorView {
  const [view, setView] = useState<EditorView>(INITIAL);
  useEffect(() => {
    if (!editor) return undefined;
    const update = (patch: Partial<EditorView>) => setView((old) => ({ ...old, ...patch }));
    const offs = [
      editor.on('tool:changed', ({ tool }) => update({ tool })),
      editor.on('selection:changed', ({ box }) => update({ selected: box ? { ...box } : null })),
      editor.on('document:changed', ({ canUndo, canRedo }) =>
        update({ canUndo, canRedo, selected: editor.getSelection() }),
      ),
      editor.on('viewport:changed', ({ scale }) => update({ scale })),
      editor.on('window:changed', (window) => update({ window: { ...window } })),
    ];
    update({ tool: editor.getTool(), window: editor.getWindow(), selected: editor.getSelection() });
    return () => offs.forEach((off) => off());
  }, [editor]);
  return view;
}
