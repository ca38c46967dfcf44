import { describe, expect, it } from 'vitest';
import type { EditorEvents } from '../events.ts';
import { box, drag, makeEditor } from './helpers.ts';

function record(editor: ReturnType<typeof makeEditor>) {
  const log: string[] = [];
  const names: (keyof EditorEvents)[] = ['shape:created', 'shape:changed', 'shape:deleted'];
  for (const name of names) editor.on(name, () => log.push(name));
  editor.on('document:changed', ({ reason, command }) => log.push(`doc:${reason}:${command}`));
  return log;
}

describe('commands with undo/redo', () => {
  it('add box: undo removes it, redo restores it', () => {
    const editor = makeEditor({ tool: 'draw' });
    const log = record(editor);
    drag(editor, { x: 10, y: 10 }, { x: 60, y: 60 });
    editor.undo();
    expect(editor.getBoxes()).toEqual([]);
    editor.redo();
    expect(editor.getBoxes()).toHaveLength(1);
    expect(log).toEqual([
      'shape:created',
      'doc:execute:add-box',
      'shape:deleted',
      'doc:undo:add-box',
      'shape:created',
      'doc:redo:add-box',
    ]);
  });

  it('delete box: undo restores it in its place in the z-order', () => {
    const editor = makeEditor({
      boxes: [box('a', 0, 0, 10, 10), box('b', 5, 5, 10, 10), box('c', 0, 0, 3, 3)],
    });
    editor.select('b');
    expect(editor.handleKey({ key: 'Delete' })).toBe(true);
    expect(editor.getBoxes().map((b) => b.id)).toEqual(['a', 'c']);
    expect(editor.getSelection()).toBeNull();
    editor.undo();
    expect(editor.getBoxes().map((b) => b.id)).toEqual(['a', 'b', 'c']);
    editor.redo();
    expect(editor.getBoxes().map((b) => b.id)).toEqual(['a', 'c']);
  });

  it('change label applies to the selected box and is undoable', () => {
    const editor = makeEditor({ boxes: [box('a', 0, 0, 10, 10)] });
    editor.select('a');
    editor.setLabel(2);
    expect(editor.getBoxes()[0]?.labelId).toBe(2);
    editor.undo();
    expect(editor.getBoxes()[0]?.labelId).toBe(1);
    expect(editor.labelId).toBe(2);
    editor.redo();
    expect(editor.getBoxes()[0]?.labelId).toBe(2);
  });

  it('setLabel without a selection changes only the label for new boxes', () => {
    const editor = makeEditor({ boxes: [box('a', 0, 0, 10, 10)] });
    editor.setLabel(2);
    expect(editor.history.canUndo).toBe(false);
    expect(editor.getBoxes()[0]?.labelId).toBe(1);
  });

  it('change comment is undoable', () => {
    const editor = makeEditor({ boxes: [box('a', 0, 0, 10, 10)] });
    editor.select('a');
    editor.setSelectedComment('suspicious');
    expect(editor.getSelection()?.comment).toBe('suspicious');
    editor.undo();
    expect(editor.getSelection()?.comment).toBe('');
    editor.redo();
    expect(editor.getSelection()?.comment).toBe('suspicious');
  });

  it('typing a comment quickly is one undo step', () => {
    let time = 0;
    const editor = makeEditor({ boxes: [box('a', 0, 0, 10, 10)] });
    (editor.history as unknown as { now: () => number }).now = () => (time += 100);
    editor.select('a');
    for (const text of ['s', 'su', 'sus']) editor.setSelectedComment(text);
    expect(editor.history.undoSize).toBe(1);
    editor.undo();
    expect(editor.getSelection()?.comment).toBe('');
  });

  it('move and resize are one command per drag', () => {
    const editor = makeEditor({ boxes: [box('a', 100, 100, 50, 50)] });
    const log = record(editor);
    drag(editor, { x: 120, y: 120 }, { x: 200, y: 220 }, {}, 20);
    drag(editor, { x: 230, y: 250 }, { x: 260, y: 260 }, {}, 20);
    expect(editor.history.undoSize).toBe(2);
    expect(log.filter((entry) => entry.startsWith('doc:'))).toEqual([
      'doc:execute:move-box',
      'doc:execute:resize-box',
    ]);
    editor.undo();
    editor.undo();
    expect(editor.getBoxes()[0]).toMatchObject({ x: 100, y: 100, width: 50, height: 50 });
  });

  it('arrows nudge by 1 px, Shift+arrows by 10 px; a run of nudges is one undo step', () => {
    let time = 0;
    const editor = makeEditor({ boxes: [box('a', 100, 100, 50, 50)] });
    (editor.history as unknown as { now: () => number }).now = () => (time += 100);
    editor.select('a');
    editor.handleKey({ key: 'ArrowRight' });
    editor.handleKey({ key: 'ArrowRight' });
    editor.handleKey({ key: 'ArrowDown', shiftKey: true });
    expect(editor.getBoxes()[0]).toMatchObject({ x: 102, y: 110 });
    expect(editor.history.undoSize).toBe(1);
    editor.undo();
    expect(editor.getBoxes()[0]).toMatchObject({ x: 100, y: 100 });
  });

  it('a new command clears the redo stack', () => {
    const editor = makeEditor({ boxes: [box('a', 100, 100, 50, 50)] });
    editor.select('a');
    editor.setLabel(2);
    editor.undo();
    expect(editor.history.canRedo).toBe(true);
    editor.setSelectedComment('x');
    expect(editor.history.canRedo).toBe(false);
    expect(editor.redo()).toBe(false);
  });

  it('keyboard undo/redo: Ctrl+Z, Cmd+Z, Ctrl+Shift+Z, Ctrl+Y', () => {
    const editor = makeEditor({ boxes: [box('a', 100, 100, 50, 50)] });
    editor.select('a');
    editor.setLabel(2);
    expect(editor.handleKey({ key: 'z', ctrlKey: true })).toBe(true);
    expect(editor.getBoxes()[0]?.labelId).toBe(1);
    editor.handleKey({ key: 'Z', ctrlKey: true, shiftKey: true });
    expect(editor.getBoxes()[0]?.labelId).toBe(2);
    editor.handleKey({ key: 'z', metaKey: true });
    editor.handleKey({ key: 'y', ctrlKey: true });
    expect(editor.getBoxes()[0]?.labelId).toBe(2);
  });

  it('load clears the history', () => {
    const editor = makeEditor({ boxes: [box('a', 100, 100, 50, 50)] });
    editor.select('a');
    editor.deleteSelected();
    editor.loadDocument({ width: 10, height: 10 });
    expect(editor.history.canUndo).toBe(false);
  });
});
