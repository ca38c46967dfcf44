import { describe, expect, it } from 'vitest';
import { keyAction } from '../keyboard.ts';
import { box, makeEditor } from './helpers.ts';

describe('key map', () => {
  it.each([
    [{ key: 'Delete' }, 'delete'],
    [{ key: 'Backspace' }, 'delete'],
    [{ key: '+' }, 'zoom-in'],
    [{ key: '=' }, 'zoom-in'],
    [{ key: '-' }, 'zoom-out'],
    [{ key: '0' }, 'fit'],
    [{ key: 'f' }, 'fit'],
    [{ key: '0', ctrlKey: true }, 'fit'],
    [{ key: 'o' }, 'zoom-1'],
    [{ key: '1', ctrlKey: true }, 'zoom-1'],
    [{ key: 'Escape' }, 'escape'],
    [{ key: 'z', ctrlKey: true }, 'undo'],
    [{ key: 'z', metaKey: true }, 'undo'],
    [{ key: 'Z', ctrlKey: true, shiftKey: true }, 'redo'],
    [{ key: 'y', ctrlKey: true }, 'redo'],
    [{ key: 'i' }, 'invert'],
    [{ key: 'Tab' }, 'cycle'],
  ])('%o -> %s', (event, type) => {
    expect(keyAction(event)?.type).toBe(type);
  });

  it('leaves plain digits 1-9 to the page (label shortcuts)', () => {
    for (let d = 1; d <= 9; d++) expect(keyAction({ key: String(d) })).toBeNull();
  });

  it('ignores keys typed into text fields', () => {
    expect(keyAction({ key: 'Delete', target: { tagName: 'TEXTAREA' } })).toBeNull();
    expect(keyAction({ key: 'f', target: { tagName: 'INPUT', type: 'text' } })).toBeNull();
  });

  it('maps tool keys', () => {
    expect(keyAction({ key: 'v' })).toEqual({ type: 'tool', tool: 'select' });
    expect(keyAction({ key: 'r' })).toEqual({ type: 'tool', tool: 'draw' });
    expect(keyAction({ key: 'h' })).toEqual({ type: 'tool', tool: 'pan' });
  });
});

describe('keyboard on the editor', () => {
  it('Escape deselects; nothing selected -> not handled', () => {
    const editor = makeEditor({ boxes: [box('a', 0, 0, 10, 10)] });
    editor.select('a');
    expect(editor.handleKey({ key: 'Escape' })).toBe(true);
    expect(editor.getSelection()).toBeNull();
    expect(editor.handleKey({ key: 'Escape' })).toBe(false);
  });

  it('Delete without a selection is not handled', () => {
    expect(makeEditor().handleKey({ key: 'Delete' })).toBe(false);
  });

  it('nudges stop at the image edge', () => {
    const editor = makeEditor({ boxes: [box('a', 995, 0, 5, 5)] });
    editor.select('a');
    editor.handleKey({ key: 'ArrowRight', shiftKey: true });
    editor.handleKey({ key: 'ArrowUp' });
    expect(editor.getBoxes()[0]).toMatchObject({ x: 995, y: 0 });
    expect(editor.history.canUndo).toBe(false);
  });

  it('zoom keys and fit', () => {
    const editor = makeEditor();
    editor.handleKey({ key: 'o' });
    expect(editor.viewport.scale).toBe(1);
    editor.handleKey({ key: '+' });
    expect(editor.viewport.scale).toBeCloseTo(1.25);
    editor.handleKey({ key: 'f' });
    expect(editor.viewport.scale).toBeCloseTo(editor.viewport.fitScale());
  });

  it('Tab cycles the selection', () => {
    const editor = makeEditor({ boxes: [box('a', 0, 0, 10, 10), box('b', 20, 20, 10, 10)] });
    editor.handleKey({ key: 'Tab' });
    expect(editor.getSelection()?.id).toBe('a');
    editor.handleKey({ key: 'Tab' });
    expect(editor.getSelection()?.id).toBe('b');
    editor.handleKey({ key: 'Tab', shiftKey: true });
    expect(editor.getSelection()?.id).toBe('a');
  });

  it('cursor:value reports the pixel value under the pointer', () => {
    const editor = makeEditor();
    const data = new Int16Array(1000 * 800);
    data[2 * 1000 + 3] = 42;
    editor.loadDocument({
      width: 1000,
      height: 800,
      pixels: { data, offset: -1, rows: 800, columns: 1000 },
    });
    editor.viewport.scale = 2;
    editor.viewport.x = 0;
    editor.viewport.y = 0;
    const seen: unknown[] = [];
    editor.on('cursor:value', (payload) => seen.push(payload));
    editor.pointerMove({ x: 7, y: 5, button: 0 });
    editor.pointerMove({ x: -5, y: 5, button: 0 });
    expect(seen).toEqual([
      { imageX: 3, imageY: 2, inside: true, value: 41 },
      { imageX: -3, imageY: 2, inside: false, value: null },
    ]);
  });
});

describe('window presets on the shifted digit row', () => {
  function ct() {
    const editor = makeEditor();
    const data = new Int16Array(1000 * 800).map((_, i) => (i % 4096) - 1024);
    editor.loadDocument({
      width: 1000,
      height: 800,
      modality: 'CT',
      pixels: { data, rows: 800, columns: 1000, windowCenter: 40, windowWidth: 400 },
    });
    return editor;
  }

  it('Shift+2 .. Shift+9 are the CT presets in a fixed order, Shift+1 the window it opened with', () => {
    const editor = ct();
    editor.handleKey({ key: '*', code: 'Digit8', shiftKey: true });
    expect(editor.window.get()).toMatchObject({ center: -600, width: 1500 }); // Lung
    editor.handleKey({ key: '(', code: 'Digit9', shiftKey: true });
    expect(editor.window.get()).toMatchObject({ center: 400, width: 1800 }); // Bone
    editor.handleKey({ key: '@', code: 'Digit2', shiftKey: true });
    expect(editor.window.get()).toMatchObject({ center: 40, width: 80 }); // Brain
    editor.handleKey({ key: '!', code: 'Digit1', shiftKey: true });
    expect(editor.window.get()).toMatchObject({ center: 40, width: 400 }); // the file's
  });

  it('never takes a digit: plain digits, and digits typed with Shift (French layout), stay labels', () => {
    expect(keyAction({ key: '2', code: 'Digit2' })).toBeNull();
    expect(keyAction({ key: '2', code: 'Digit2', shiftKey: true })).toBeNull();
    expect(keyAction({ key: '@', code: 'Digit2', shiftKey: true })).toEqual({
      type: 'window-preset',
      index: 1,
    });
  });

  it('is not handled without pixel data (a PNG has no window presets)', () => {
    expect(makeEditor().handleKey({ key: '@', code: 'Digit2', shiftKey: true })).toBe(false);
  });
});
