import { describe, expect, it } from 'vitest';
import {
  EDITOR_BINDINGS,
  findBinding,
  formatChord,
  matchesChord,
  type KeyBinding,
} from '../../../editor-core/index.ts';
import { KEY_TABLE, PAGE_BINDINGS, shortcutConflict } from '../../../lib/key-table.ts';

type Row = KeyBinding<unknown>;

const input = { tagName: 'INPUT', type: 'text' };
const keyOf: Record<string, string> = { Space: ' ' };

/** A key press for every modifier combination on the chord's key. */
function probes(chord: string) {
  const name = chord.endsWith('++') || chord === '+' ? '+' : chord.split('+').pop()!;
  const physical = /^Digit[0-9]$/.test(name);
  const key = physical ? '!' : (keyOf[name] ?? (name.length === 1 ? name.toLowerCase() : name));
  return Array.from({ length: 8 }, (_, bits) => ({
    key: bits & 4 && key.length === 1 && !physical ? key.toUpperCase() : key,
    code: physical ? name : undefined,
    ctrlKey: Boolean(bits & 1),
    altKey: Boolean(bits & 2),
    shiftKey: Boolean(bits & 4),
  }));
}

function contexts() {
  return [false, true].flatMap((typing) =>
    [false, true].flatMap((hasSelection) =>
      [false, true].map((onControl) => ({ typing, hasSelection, onControl })),
    ),
  );
}

/** The rows a key press could trigger in one context (findBinding takes the first). */
function rowsFor(
  table: readonly Row[],
  event: ReturnType<typeof probes>[number],
  where: ReturnType<typeof contexts>[number],
) {
  return table.filter(
    (row) =>
      findBinding([row], event, where) !== undefined &&
      row.keys.some((chord) => matchesChord(event, chord)),
  );
}

describe('the key table', () => {
  it.each([
    ['page', PAGE_BINDINGS],
    ['editor', EDITOR_BINDINGS],
  ] as [string, readonly Row[]][])(
    'gives each key press of the %s one action at most',
    (_, table) => {
      for (const row of table) {
        for (const chord of row.keys) {
          for (const event of probes(chord)) {
            for (const where of contexts()) {
              const actions = new Set(
                rowsFor(table, event, where).map((item) => JSON.stringify(item.action)),
              );
              expect(
                actions.size,
                `${chord} ${JSON.stringify(event)} ${JSON.stringify(where)}`,
              ).toBeLessThanOrEqual(1);
            }
          }
        }
      }
    },
  );

  it('puts every row in its scope, with a label and a group', () => {
    for (const row of PAGE_BINDINGS) expect(row.scope).toBe('page');
    for (const row of EDITOR_BINDINGS) expect(row.scope).toBe('editor');
    for (const row of KEY_TABLE) {
      expect(row.label).not.toBe('');
      expect(row.group).not.toBe('');
    }
  });

  it('honours whileTyping: in a text field only its rows act, and a typing-only row only there', () => {
    for (const row of KEY_TABLE) {
      for (const chord of row.keys) {
        const [event] = probes(chord).filter((probe) => matchesChord(probe, chord));
        expect(event, chord).toBeDefined();
        const typed = findBinding([row], { ...event!, target: input }, { typing: true });
        expect(typed !== undefined, `${chord} while typing`).toBe(row.whileTyping);
        const pressed = findBinding([row], event!, { typing: false });
        expect(pressed !== undefined, `${chord} not typing`).toBe(row.when !== 'typing');
      }
    }
    expect(PAGE_BINDINGS.filter((row) => row.whileTyping).map((row) => row.action)).toEqual([
      { type: 'blur' },
    ]);
    expect(EDITOR_BINDINGS.some((row) => row.whileTyping)).toBe(false);
  });

  it('leaves plain digits 1-9 to the labels in both scopes', () => {
    for (let digit = 1; digit <= 9; digit++) {
      const event = { key: String(digit), code: `Digit${digit}` };
      expect(findBinding(KEY_TABLE, event, { typing: false })).toBeUndefined();
      expect(
        findBinding(KEY_TABLE, { ...event, shiftKey: true }, { typing: false }),
      ).toBeUndefined();
    }
  });

  it('tells which letters the page and the editor take before a label', () => {
    expect(['t', 'q', 'p'].map(shortcutConflict)).toEqual(['the page', 'the page', 'the page']);
    expect(['v', 'r', 'b', 'h', 'f', 'o', 'i', 'w', 'F'].map(shortcutConflict)).toEqual(
      Array(9).fill('the editor'),
    );
    expect(['x', 's', 'z', 'y', '1', '0', ''].map(shortcutConflict)).toEqual(Array(7).fill(null));
  });

  it('reads its chords as people write them', () => {
    expect(formatChord('Mod+Alt?+Z')).toBe('Ctrl+Z');
    expect(formatChord('Mod+Alt?+Shift+Z')).toBe('Ctrl+Shift+Z');
    expect(formatChord('Alt+Shift?+ArrowRight')).toBe('Alt+→');
    expect(formatChord('Shift+Digit8')).toBe('Shift+8');
    expect(formatChord('Any+Escape')).toBe('Esc');
    expect(formatChord('Mod+Alt?++')).toBe('Ctrl++');
  });
});
