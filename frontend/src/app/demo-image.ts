import type { Box, Label, PixelData } from '../editor-core/index.ts';

/** A synthetic CT-like slice in Hounsfield units (stored = HU + 1024), for the demo page. */
export function createDemoPixels(size = 512): PixelData {
  const data = new Uint16Array(size * size);
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = (x - c) / (size * 0.42);
      const dy = (y - c) / (size * 0.34);
      const body = dx * dx + dy * dy;
      let hu = -1000;
      if (body < 1) hu = body > 0.9 ? -100 : 40;
      for (const side of [-1, 1]) {
        const lx = (x - c - side * size * 0.17) / (size * 0.12);
        const ly = (y - c) / (size * 0.22);
        if (lx * lx + ly * ly < 1) hu = -850;
      }
      const sx = (x - c) / (size * 0.05);
      const sy = (y - c - size * 0.24) / (size * 0.05);
      if (sx * sx + sy * sy < 1) hu = 700;
      const nx = (x - c - size * 0.2) / (size * 0.025);
      const ny = (y - c + size * 0.05) / (size * 0.025);
      if (nx * nx + ny * ny < 1) hu = 30;
      const noise = ((x * 7919 + y * 104729) % 41) - 20;
      data[y * size + x] = Math.max(0, hu + 1024 + noise);
    }
  }
  return { data, offset: -1024, rows: size, columns: size, windowCenter: -600, windowWidth: 1500 };
}

export const DEMO_LABELS: Label[] = [
  { id: 1, name: 'Nodule', color: '#ffb000', shortcut: '1' },
  { id: 2, name: 'Effusion', color: '#36c5f0', shortcut: '2' },
  { id: 3, name: 'Other', color: '#e01e5a', shortcut: '3' },
];

export const DEMO_BOXES: Box[] = [
  { id: 'demo-1', labelId: 1, x: 344, y: 216, width: 29, height: 29, comment: 'demo' },
];

/** `?boxes=N` on the demo page adds N scattered boxes, to feel the editor with many shapes. */
export function demoBoxes(count: number, size = 512): Box[] {
  const boxes = [...DEMO_BOXES];
  for (let i = 0; i < count; i++) {
    const x = (i * 37) % (size - 20);
    const y = (i * 53 + Math.floor(i / 13) * 7) % (size - 20);
    boxes.push({ id: `many-${i}`, labelId: (i % 3) + 1, x, y, width: 12, height: 12, comment: '' });
  }
  return boxes;
}
