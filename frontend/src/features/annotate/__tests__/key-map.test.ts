import { describe, expect, it } from 'vitest';
import { isTyping, isViewingKey, pageKeyAfterEditor, pageKeyBeforeEditor } from '../key-map.ts';

const labels = [
  { id: 11, shortcut: '1' },
  { id: 12, shortcut: '2' },
  { id: 10, shortcut: '0' },
  { id: 13, shortcut: 'x' },
  { id: 14, shortcut: 'r' },
];
const input = { tagName: 'INPUT', type: 'text' } as unknown as EventTarget;
const textarea = { tagName: 'TEXTAREA' } as unknown as EventTarget;

describe('page keys', () => {
  it('maps digits to labels, before the editor (0 is a label here, not fit)', () => {
    expect(pageKeyBeforeEditor({ key: '2' }, labels)).toEqual({ type: 'label', labelId: 12 });
    expect(pageKeyBeforeEditor({ key: '0' }, labels)).toEqual({ type: 'label', labelId: 10 });
    expect(pageKeyBeforeEditor({ key: '5' }, labels)).toBeNull();
    expect(pageKeyBeforeEditor({ key: '0' }, [])).toBeNull();
  });

  it('leaves the shifted digit row to the editor (window presets), but a digit typed with Shift is a label', () => {
    expect(pageKeyBeforeEditor({ key: '@', code: 'Digit2', shiftKey: true }, labels)).toBeNull();
    expect(pageKeyAfterEditor({ key: '@', code: 'Digit2', shiftKey: true }, labels)).toBeNull();
    expect(pageKeyBeforeEditor({ key: '2', code: 'Digit2', shiftKey: true }, labels)).toEqual({
      type: 'label',
      labelId: 12,
    });
    expect(isViewingKey({ key: '@', code: 'Digit2', shiftKey: true }, false)).toBe(true);
  });

  it('never acts while typing, except Escape which leaves the field', () => {
    expect(pageKeyBeforeEditor({ key: '2', target: input }, labels)).toBeNull();
    expect(pageKeyBeforeEditor({ key: 't', target: textarea }, labels)).toBeNull();
    expect(pageKeyBeforeEditor({ key: 'PageDown', target: textarea }, labels)).toBeNull();
    expect(pageKeyBeforeEditor({ key: 'Escape', target: input }, labels)).toEqual({ type: 'blur' });
    expect(pageKeyAfterEditor({ key: 'x', target: input }, labels)).toBeNull();
    const slider = { tagName: 'DIV', getAttribute: () => 'slider' } as unknown as EventTarget;
    expect(isTyping(slider)).toBe(true);
    expect(isTyping({ tagName: 'INPUT', type: 'checkbox' } as unknown as EventTarget)).toBe(false);
  });

  it('has flags, navigation, save, help and done', () => {
    expect(pageKeyBeforeEditor({ key: 't' }, labels)).toEqual({ type: 'tentative' });
    expect(pageKeyBeforeEditor({ key: 'q' }, labels)).toEqual({ type: 'bad-quality' });
    expect(pageKeyBeforeEditor({ key: 'PageDown' }, labels)).toEqual({ type: 'next' });
    expect(pageKeyBeforeEditor({ key: 'PageUp' }, labels)).toEqual({ type: 'previous' });
    expect(pageKeyBeforeEditor({ key: 'ArrowRight', altKey: true }, labels)).toEqual({
      type: 'next',
    });
    expect(pageKeyBeforeEditor({ key: 'ArrowLeft', altKey: true }, labels)).toEqual({
      type: 'previous',
    });
    expect(pageKeyBeforeEditor({ key: 'ArrowLeft' }, labels, true)).toBeNull(); // the editor's nudge
    expect(pageKeyBeforeEditor({ key: 'ArrowRight' }, labels)).toEqual({ type: 'next' });
    expect(pageKeyBeforeEditor({ key: 'ArrowLeft' }, labels)).toEqual({ type: 'previous' });
    expect(pageKeyBeforeEditor({ key: 'ArrowUp' }, labels)).toBeNull(); // the editor pans
    expect(pageKeyBeforeEditor({ key: 's', ctrlKey: true }, labels)).toEqual({ type: 'save' });
    expect(pageKeyBeforeEditor({ key: '?', shiftKey: true }, labels)).toEqual({ type: 'help' });
    expect(pageKeyBeforeEditor({ key: 'Enter' }, labels)).toEqual({ type: 'done-next' });
    const button = { tagName: 'BUTTON' } as unknown as EventTarget;
    expect(pageKeyBeforeEditor({ key: 'Enter', target: button }, labels)).toBeNull();
    expect(pageKeyBeforeEditor({ key: 'z', ctrlKey: true }, labels)).toBeNull(); // undo: editor
  });

  it('gives letter shortcuts to labels only where neither the page nor the editor uses them', () => {
    expect(pageKeyBeforeEditor({ key: 'x' }, labels)).toBeNull();
    expect(pageKeyAfterEditor({ key: 'x' }, labels)).toEqual({ type: 'label', labelId: 13 });
    expect(pageKeyAfterEditor({ key: 'r' }, labels)).toBeNull(); // R = draw tool
    expect(pageKeyAfterEditor({ key: 'x', ctrlKey: true }, labels)).toBeNull();
  });

  it('lets only viewing keys reach a read-only editor', () => {
    expect(isViewingKey({ key: '+' }, false)).toBe(true);
    expect(isViewingKey({ key: 'f' }, false)).toBe(true);
    expect(isViewingKey({ key: 'i' }, false)).toBe(true);
    expect(isViewingKey({ key: 'Tab' }, false)).toBe(true);
    expect(isViewingKey({ key: 'ArrowLeft' }, false)).toBe(true);
    expect(isViewingKey({ key: 'ArrowLeft' }, true)).toBe(false);
    expect(isViewingKey({ key: 'Delete' }, true)).toBe(false);
    expect(isViewingKey({ key: 'r' }, false)).toBe(false);
    expect(isViewingKey({ key: 'z', ctrlKey: true }, false)).toBe(false);
    expect(isViewingKey({ key: '0', ctrlKey: true }, false)).toBe(true);
  });
});
