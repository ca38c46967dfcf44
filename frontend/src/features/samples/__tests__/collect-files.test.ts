import { describe, expect, it } from 'vitest';
import { filesFromEvent, relativePath } from '../collect-files.ts';

function fileEntry(name: string) {
  return {
    name,
    isFile: true,
    isDirectory: false,
    file: (resolve: (file: File) => void) => resolve(new File(['x'], name)),
  };
}

/** A directory whose reader hands out its entries in batches, then an empty batch. */
function directoryEntry(name: string, batches: unknown[][]) {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      const queue = [...batches, []];
      return { readEntries: (resolve: (entries: unknown[]) => void) => resolve(queue.shift()!) };
    },
  };
}

function item(entry: unknown) {
  return { kind: 'file', webkitGetAsEntry: () => entry, getAsFile: () => null };
}

describe('filesFromEvent', () => {
  it('walks dropped folders in every batch, keeps relative paths and skips clutter', async () => {
    const study = directoryEntry('study', [
      [fileEntry('IM0001'), fileEntry('.DS_Store')],
      [directoryEntry('series-2', [[fileEntry('IM0002')]]), fileEntry('DICOMDIR')],
    ]);
    const dataTransfer = { items: [item(study), item(fileEntry('chest.png'))], files: [] };
    const files = (await filesFromEvent({ type: 'drop', dataTransfer })) as File[];
    expect(files.map(relativePath)).toEqual(['study/IM0001', 'study/series-2/IM0002', 'chest.png']);
  });

  it('while dragging, answers the items without reading them', async () => {
    const dataTransfer = { items: [item(fileEntry('a.png'))], files: [] };
    expect(await filesFromEvent({ type: 'dragenter', dataTransfer })).toHaveLength(1);
  });
});
