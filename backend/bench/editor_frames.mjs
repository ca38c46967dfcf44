// Editor frame time with 500 boxes while panning (issue 5): bundles frontend/src/editor-core with
// esbuild, mounts it in a blank page of the system Chromium (playwright-core), drags the view with the
// pan tool for 3 s and reports the intervals between requestAnimationFrame callbacks.
// Run from frontend/: `node ../backend/bench/editor_frames.mjs`; prints one JSON line.
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// resolved from frontend/ (the working directory), where node_modules lives
const require = createRequire(path.resolve('package.json'));
const { build } = require('esbuild');
const { chromium } = require('playwright-core');

const BOXES = 500;
const dir = mkdtempSync(path.join(tmpdir(), 'tagmedx-frames-'));
const entry = path.join(dir, 'entry.ts');
writeFileSync(
  entry,
  `import { createEditor } from ${JSON.stringify(path.resolve('src/editor-core/index.ts'))};
  const host = document.getElementById('host')!;
  const editor = createEditor(host);
  const canvas = document.createElement('canvas');
  canvas.width = 2048; canvas.height = 2048;
  const context = canvas.getContext('2d')!;
  const gradient = context.createRadialGradient(1024, 1024, 100, 1024, 1024, 1000);
  gradient.addColorStop(0, '#ddd'); gradient.addColorStop(1, '#111');
  context.fillStyle = gradient; context.fillRect(0, 0, 2048, 2048);
  const labels = [1, 2, 3, 4, 5].map((id) => ({ id, name: 'finding ' + id, color: ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4'][id - 1] }));
  const boxes = Array.from({ length: ${BOXES} }, (_, i) => ({
    id: 'b' + i, labelId: (i % 5) + 1, comment: '',
    x: (i * 97) % 1900, y: (i * 61) % 1900, width: 40 + (i % 7) * 10, height: 30 + (i % 5) * 12,
  }));
  (window as any).ready = editor.load({ imageBitmap: canvas, width: 2048, height: 2048, boxes, labels })
    .then(() => { editor.setTool('pan'); return editor.getBoxes().length; });`,
);
await build({ entryPoints: [entry], bundle: true, format: 'iife', outfile: path.join(dir, 'bundle.js'), logLevel: 'error' });
writeFileSync(
  path.join(dir, 'index.html'),
  '<!doctype html><html><body style="margin:0"><div id="host" style="width:1280px;height:800px"></div><script src="bundle.js"></script></body></html>',
);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto('file://' + path.join(dir, 'index.html'));
  const loaded = await page.evaluate(() => window.ready);
  await page.evaluate(() => {
    window.frames_ = [];
    const tick = (time) => { window.frames_.push(time); if (!window.stopFrames) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  await page.mouse.move(640, 400);
  await page.mouse.down();
  const started = Date.now();
  let step = 0;
  while (Date.now() - started < 3000) {
    step += 1;
    const angle = step / 10;
    await page.mouse.move(640 + 300 * Math.cos(angle), 400 + 200 * Math.sin(angle));
  }
  await page.mouse.up();
  const times = await page.evaluate(() => { window.stopFrames = true; return window.frames_; });
  const intervals = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
  const pick = (share) => intervals[Math.min(intervals.length - 1, Math.floor(share * intervals.length))];
  console.log(JSON.stringify({
    boxes: loaded, frames: intervals.length, moves: step, browser: browser.version(),
    median_ms: +pick(0.5).toFixed(1), p95_ms: +pick(0.95).toFixed(1), max_ms: +intervals[intervals.length - 1].toFixed(1),
  }));
} finally {
  await browser.close();
}
