import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { PackageDetail } from '../../../api/types.ts';
import type { Editor, Label as EditorLabel, Box } from '../../../editor-core/index.ts';
import { prefetchSample } from '../api.ts';

const PREFETCH_AHEAD = 2;

interface EditorSyncInput {
  editor: Editor | null;
  labels: EditorLabel[];
  editable: boolean;
  detection: boolean;
  /** Takes the boxes the reader drew, moved or deleted (the autosaved session's update). */
  update: (change: { boxes: Box[] }) => void;
  pkg: PackageDetail;
  sampleId: number;
  isLoaded: boolean;
}

/** Keeps the editor in step with the page: labels, the tools allowed, boxes saved, samples ahead. */
export function useEditorSync(input: EditorSyncInput): void {
  const { editor, labels, editable, detection, update, pkg, sampleId, isLoaded } = input;
  const queryClient = useQueryClient();

  // Labels edited on the set page meanwhile: colours and names follow.
  useEffect(() => {
    editor?.setLabels(labels);
  }, [editor, labels]);

  // Drawing is for detection readings the caller may change; everything else only looks.
  useEffect(() => {
    if (!editor) return;
    if (!editable || !detection) editor.setTool('pan');
    else if (editor.getTool() === 'pan') editor.setTool('draw');
  }, [editor, editable, detection]);

  // Every change of the boxes (draw, move, resize, label, comment, delete, undo, redo) is saved.
  useEffect(() => {
    if (!editor) return undefined;
    return editor.on('document:changed', ({ boxes }) => update({ boxes }));
  }, [editor, update]);

  // The next samples load in the background, so moving on is instant.
  useEffect(() => {
    if (!isLoaded) return;
    const index = pkg.samples.findIndex((item) => item.id === sampleId);
    const ahead = pkg.samples.slice(index + 1, index + 1 + PREFETCH_AHEAD);
    const behind = index > 0 ? [pkg.samples[index - 1]!] : [];
    for (const item of [...ahead, ...behind]) void prefetchSample(queryClient, item.id);
  }, [isLoaded, pkg.samples, sampleId, queryClient]);
}
