import { describe, expect, it } from 'vitest';
import { actionName } from '../actions.ts';
import { detailEntries, eventObject, type AuditNames } from '../describe.ts';

const names: AuditNames = {
  members: new Map([[2, 'Jan Nowak']]),
  sets: new Map([[5, 'Lungs']]),
  groupName: 'Chest X-ray',
};

describe('actionName', () => {
  it('names known actions and spells out unknown ones', () => {
    expect(actionName('member.role_change')).toBe('Changed role');
    expect(actionName('package.export')).toBe('Exported package');
    expect(actionName('set.archive_all')).toBe('Set: archive all');
    expect(actionName('odd')).toBe('Odd');
  });
});

describe('detailEntries', () => {
  it('shows a change as before → after, field by field', () => {
    expect(
      detailEntries(
        { set_id: 5, before: { name: 'A', shortcut: null }, after: { name: 'B', shortcut: '3' } },
        names,
      ),
    ).toEqual([
      { key: 'name', before: 'A', after: 'B' },
      { key: 'shortcut', before: '—', after: '3' },
      { key: 'set', value: 'Lungs' },
    ]);
  });

  it('names members and sets, and keeps lists and counts short', () => {
    expect(
      detailEntries(
        {
          assignee_id: 2,
          author_id: 9,
          set_id: 99,
          sample_ids: [1, 2, 3, 4, 5, 6, 7],
          deleted: { samples: 3, packages: 1 },
          package_deleted: false,
        },
        names,
      ),
    ).toEqual([
      { key: 'assignee', value: 'Jan Nowak' },
      { key: 'author', value: 'user #9' },
      { key: 'set', value: '#99' },
      { key: 'images', value: '#1, #2, #3, #4, #5 and 2 more' },
      { key: 'deleted', value: '3 samples, 1 packages' },
      { key: 'package deleted', value: 'no' },
    ]);
  });

  it('leaves out the key the object column already shows', () => {
    expect(detailEntries({ name: 'Lungs', color: '#ff0000' }, names, 'name')).toEqual([
      { key: 'color', value: '#ff0000' },
    ]);
  });

  it('keeps markup as plain text (React escapes it when rendered)', () => {
    const payload = '<img src=x onerror="window.__xss=1">';
    expect(detailEntries({ name: payload }, names)).toEqual([{ key: 'name', value: payload }]);
  });
});

describe('eventObject', () => {
  it('links sets that still exist and names deleted ones from the detail', () => {
    expect(eventObject('set', 5, null, names)).toEqual({ text: 'Set “Lungs”', to: '/sets/5' });
    expect(eventObject('set', 6, { name: 'Old' }, names)).toEqual({
      text: 'Set “Old”',
      shows: 'name',
    });
    expect(eventObject('user', 2, null, names)).toEqual({ text: 'Jan Nowak' });
    expect(eventObject('sample', 8, { filename: 'a.png' }, names)).toEqual({
      text: 'Image “a.png”',
      shows: 'filename',
    });
    expect(eventObject('label', 3, null, names)).toEqual({ text: 'Label #3' });
    expect(eventObject('package', 12, null, names)).toEqual({ text: 'Package #12' });
    expect(eventObject(null, null, null, names)).toBeNull();
  });
});
