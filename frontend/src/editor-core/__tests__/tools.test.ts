import { describe, expect, it } from 'vitest';
import { box, drag, makeEditor, pointer, screenOf } from './helpers.ts';

describe('draw tool', () => {
  it('creates the box at IMAGE coordinates at zoom 2 with a pan offset', () => {
    const editor = makeEditor({ tool: 'draw', scale: 2, x: -300, y: 40 });
    // image (200, 100) is at screen (100, 240); image (260, 150) at (220, 340)
    drag(editor, { x: 220, y: 340 }, { x: 100, y: 240 });
    expect(editor.getBoxes()).toEqual([
      { id: 'b1', labelId: 1, x: 200, y: 100, width: 60, height: 50, comment: '' },
    ]);
    expect(editor.getSelection()).toBeNull();
  });

  it('leaves the new box unselected: a label chosen next is for the next box, not this one', () => {
    const editor = makeEditor({ tool: 'draw', boxes: [box('a', 600, 400, 50, 50)] });
    editor.select('a');
    drag(editor, { x: 10, y: 10 }, { x: 50, y: 50 });
    expect(editor.getSelection()).toBeNull(); // the box selected before is let go too
    editor.setLabel(2);
    drag(editor, { x: 100, y: 100 }, { x: 150, y: 150 });
    expect(editor.getBoxes().map((item) => item.labelId)).toEqual([1, 1, 2]);
  });

  it('uses the current label', () => {
    const editor = makeEditor({ tool: 'draw' });
    editor.setLabel(2);
    drag(editor, { x: 10, y: 10 }, { x: 50, y: 50 });
    expect(editor.getBoxes()[0]?.labelId).toBe(2);
  });

  it('clamps a drag that leaves the image', () => {
    const editor = makeEditor({ tool: 'draw', scale: 0.5, x: 50, y: 50 });
    // image spans screen 50..550 x 50..450
    drag(editor, { x: 500, y: 400 }, { x: 700, y: 10 });
    expect(editor.getBoxes()[0]).toMatchObject({ x: 900, y: 0, width: 100, height: 700 });
  });

  it('creates nothing for a click or a tiny drag', () => {
    const editor = makeEditor({ tool: 'draw', scale: 4 });
    drag(editor, { x: 100, y: 100 }, { x: 100, y: 100 });
    drag(editor, { x: 100, y: 100 }, { x: 102, y: 101 });
    drag(editor, { x: 100, y: 100 }, { x: 104, y: 200 }); // 1 image px wide at zoom 4
    expect(editor.getBoxes()).toEqual([]);
    expect(editor.history.canUndo).toBe(false);
  });

  it('shows a preview while dragging and commits one command at the end', () => {
    const editor = makeEditor({ tool: 'draw' });
    editor.pointerDown(pointer(10, 10));
    editor.pointerMove(pointer(40, 40));
    expect(editor.preview).toMatchObject({ kind: 'draw', rect: { x: 10, y: 10, width: 30 } });
    expect(editor.getBoxes()).toEqual([]);
    editor.pointerUp(pointer(60, 60));
    expect(editor.preview).toBeNull();
    expect(editor.history.undoSize).toBe(1);
  });

  it('Escape cancels a drag', () => {
    const editor = makeEditor({ tool: 'draw' });
    editor.pointerDown(pointer(10, 10));
    editor.pointerMove(pointer(40, 40));
    expect(editor.handleKey({ key: 'Escape' })).toBe(true);
    editor.pointerUp(pointer(60, 60));
    expect(editor.getBoxes()).toEqual([]);
  });

  it('a click selects the box under it; resize handles of the selected box still work', () => {
    const editor = makeEditor({ tool: 'draw', boxes: [box('a', 100, 100, 50, 50)] });
    drag(editor, { x: 120, y: 120 }, { x: 120, y: 120 });
    expect(editor.getSelection()?.id).toBe('a');
    drag(editor, { x: 150, y: 150 }, { x: 170, y: 180 });
    expect(editor.getBoxes()).toHaveLength(1);
    expect(editor.getBoxes()[0]).toMatchObject({ x: 100, y: 100, width: 70, height: 80 });
  });
});

describe('select tool', () => {
  it('click selects and click on empty space deselects', () => {
    const editor = makeEditor({ boxes: [box('a', 100, 100, 50, 50)] });
    const events: (string | null)[] = [];
    editor.on('selection:changed', ({ selectedId }) => events.push(selectedId));
    drag(editor, { x: 120, y: 120 }, { x: 120, y: 120 });
    drag(editor, { x: 500, y: 500 }, { x: 500, y: 500 });
    expect(events).toEqual(['a', null]);
  });

  it('dragging the body moves the box at zoom 2, as one command', () => {
    const editor = makeEditor({ scale: 2, x: -100, y: -100, boxes: [box('a', 100, 100, 50, 50)] });
    const from = screenOf(editor, 120, 120);
    drag(editor, from, { x: from.x + 60, y: from.y - 20 }, {}, 10);
    expect(editor.getBoxes()[0]).toMatchObject({ x: 130, y: 90, width: 50, height: 50 });
    expect(editor.history.undoSize).toBe(1);
    editor.undo();
    expect(editor.getBoxes()[0]).toMatchObject({ x: 100, y: 100 });
  });

  it('moving stops at the image edge', () => {
    const editor = makeEditor({ boxes: [box('a', 100, 100, 50, 50)] });
    drag(editor, { x: 120, y: 120 }, { x: -500, y: 2000 });
    expect(editor.getBoxes()[0]).toMatchObject({ x: 0, y: 750, width: 50, height: 50 });
  });

  it.each([
    ['nw', 100, 100, { x: 90, y: 80, width: 60, height: 70 }],
    ['n', 125, 100, { x: 100, y: 80, width: 50, height: 70 }],
    ['ne', 150, 100, { x: 100, y: 80, width: 40, height: 70 }],
    ['e', 150, 125, { x: 100, y: 100, width: 40, height: 50 }],
    ['se', 150, 150, { x: 100, y: 100, width: 40, height: 30 }],
    ['s', 125, 150, { x: 100, y: 100, width: 50, height: 30 }],
    ['sw', 100, 150, { x: 90, y: 100, width: 60, height: 30 }],
    ['w', 100, 125, { x: 90, y: 100, width: 60, height: 50 }],
  ] as const)('dragging the %s handle resizes (zoom 4)', (_handle, hx, hy, expected) => {
    const editor = makeEditor({ scale: 4, x: -300, y: -300, boxes: [box('a', 100, 100, 50, 50)] });
    editor.select('a');
    const from = screenOf(editor, hx, hy);
    drag(editor, from, { x: from.x - 40, y: from.y - 80 }); // (-10, -20) image px
    expect(editor.getBoxes()[0]).toMatchObject(expected);
    expect(editor.history.undoSize).toBe(1);
  });

  it('grabs a handle from a few screen pixels away at zoom 0.25', () => {
    const editor = makeEditor({ scale: 0.25, boxes: [box('a', 400, 400, 200, 200)] });
    editor.select('a');
    const corner = screenOf(editor, 600, 600);
    drag(editor, { x: corner.x + 4, y: corner.y + 4 }, { x: corner.x + 29, y: corner.y + 29 });
    expect(editor.getBoxes()[0]).toMatchObject({ x: 400, y: 400, width: 300, height: 300 });
  });

  it('resizing clamps at the image edge', () => {
    const editor = makeEditor({ boxes: [box('a', 900, 700, 50, 50)] });
    editor.select('a');
    drag(editor, { x: 950, y: 750 }, { x: 1500, y: 1500 });
    expect(editor.getBoxes()[0]).toMatchObject({ x: 900, y: 700, width: 100, height: 100 });
  });

  it('a press without movement changes nothing', () => {
    const editor = makeEditor({ boxes: [box('a', 100, 100, 50, 50)] });
    drag(editor, { x: 120, y: 120 }, { x: 121, y: 121 });
    expect(editor.getBoxes()[0]).toMatchObject({ x: 100, y: 100 });
    expect(editor.history.canUndo).toBe(false);
  });
});

describe('panning and window drags', () => {
  it('the hand tool pans', () => {
    const editor = makeEditor({ tool: 'pan' });
    drag(editor, { x: 100, y: 100 }, { x: 130, y: 80 });
    expect([editor.viewport.x, editor.viewport.y]).toEqual([30, -20]);
  });

  it('the middle button pans in any tool, without drawing', () => {
    const editor = makeEditor({ tool: 'draw' });
    drag(editor, { x: 100, y: 100 }, { x: 150, y: 150 }, { button: 1 });
    expect(editor.viewport.x).toBe(50);
    expect(editor.getBoxes()).toEqual([]);
  });

  it('space held pans in the draw tool', () => {
    const editor = makeEditor({ tool: 'draw' });
    editor.handleKey({ key: ' ', type: 'keydown' });
    drag(editor, { x: 100, y: 100 }, { x: 90, y: 120 });
    editor.handleKey({ key: ' ', type: 'keyup' });
    expect([editor.viewport.x, editor.viewport.y]).toEqual([-10, 20]);
    expect(editor.getBoxes()).toEqual([]);
  });

  it('a drag on empty space in the select tool pans', () => {
    const editor = makeEditor();
    drag(editor, { x: 100, y: 100 }, { x: 110, y: 100 });
    expect(editor.viewport.x).toBe(10);
  });

  it('the right button drags window (horizontal) and level (vertical)', () => {
    const editor = makeEditor();
    const data = new Uint16Array(1000 * 800);
    data[1] = 2000;
    editor.loadDocument({
      width: 1000,
      height: 800,
      pixels: { data, offset: -1000, rows: 800, columns: 1000, windowCenter: 40, windowWidth: 400 },
    });
    const step = editor.window.sensitivity();
    drag(editor, { x: 100, y: 100 }, { x: 150, y: 80 }, { button: 2 });
    const state = editor.window.get();
    expect(state.width).toBeCloseTo(400 + 50 * step);
    expect(state.center).toBeCloseTo(40 - 20 * step);
  });

  it('the right button drags brightness/contrast on ordinary images', () => {
    const editor = makeEditor();
    drag(editor, { x: 100, y: 100 }, { x: 140, y: 60 }, { button: 2 });
    expect(editor.window.get()).toMatchObject({ brightness: 20, contrast: 20 });
  });
});
