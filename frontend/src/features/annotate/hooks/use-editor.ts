import { useCallback, useState } from 'react';
import { createEditor, type Editor } from '../../../editor-core/index.ts';

/**
 * Mounts the editor core once in the element the returned ref is attached to, and destroys it when
 * that element goes away. `editor` is null until mounted (and if the browser has no canvas).
 */
export function useEditor() {
  const [editor, setEditor] = useState<Editor | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const hostRef = useCallback((host: HTMLDivElement | null) => {
    if (!host) return undefined;
    let instance: Editor;
    try {
      instance = createEditor(host, { tool: 'draw' });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : 'The editor could not start.');
      return undefined;
    }
    setEditor(instance);
    // Exposes the viewport for the browser tests (screen -> image coordinates), without React renders.
    const off = instance.on('viewport:changed', ({ scale, x, y }) => {
      host.dataset.viewport = `${scale},${x},${y}`;
    });
    return () => {
      off();
      instance.destroy();
      setEditor(null);
    };
  }, []);
  return { editor, hostRef, failure };
}
