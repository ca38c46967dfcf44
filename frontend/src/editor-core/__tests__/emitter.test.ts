import { describe, expect, it } from 'vitest';
import { Emitter } from '../emitter.ts';
import { makeEditor } from './helpers.ts';

describe('events', () => {
  it('on returns an unsubscribe', () => {
    const emitter = new Emitter<{ ping: number }>();
    const seen: number[] = [];
    const off = emitter.on('ping', (n) => seen.push(n));
    emitter.emit('ping', 1);
    off();
    emitter.emit('ping', 2);
    expect(seen).toEqual([1]);
  });

  it('document:changed carries the boxes and the undo/redo state', () => {
    const editor = makeEditor({ tool: 'draw' });
    const payloads: unknown[] = [];
    editor.on('document:changed', (payload) => payloads.push(payload));
    editor.pointerDown({ x: 10, y: 10, button: 0 });
    editor.pointerMove({ x: 30, y: 30, button: 0 });
    editor.pointerUp({ x: 30, y: 30, button: 0 });
    editor.undo();
    expect(payloads).toEqual([
      expect.objectContaining({
        reason: 'execute',
        canUndo: true,
        canRedo: false,
        boxes: [expect.objectContaining({ x: 10, width: 20 })],
      }),
      expect.objectContaining({ reason: 'undo', canUndo: false, canRedo: true, boxes: [] }),
    ]);
  });

  it('viewport:changed and window:changed fire', () => {
    const editor = makeEditor();
    const seen: string[] = [];
    editor.on('viewport:changed', () => seen.push('viewport'));
    editor.on('window:changed', () => seen.push('window'));
    editor.viewport.zoomIn();
    editor.window.setBrightnessContrast(10, 0);
    expect(seen).toEqual(['viewport', 'window']);
  });
});
