import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  apiUser,
  call,
  CT_SMALL,
  makePng,
  registerInUi,
  screenshotPath,
  uniqueEmail,
} from './helpers.ts';

interface Viewport {
  scale: number;
  x: number;
  y: number;
}

interface SavedBox {
  label_id: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The editor's current viewport (image -> screen: screen = image * scale + translation). */
async function viewport(host: Locator): Promise<Viewport> {
  const raw = await host.getAttribute('data-viewport');
  const [scale, x, y] = (raw ?? '').split(',').map(Number);
  expect(scale, 'the editor exposes its viewport').toBeGreaterThan(0);
  return { scale: scale!, x: x!, y: y! };
}

/**
 * Drags a box on the canvas from (x1, y1) to (x2, y2) in canvas pixels and returns the box in
 * IMAGE pixels that those screen positions mean (the editor snaps to whole pixels).
 */
async function drawBox(
  page: Page,
  canvas: Locator,
  view: Viewport,
  from: { x: number; y: number },
  to: { x: number; y: number },
) {
  const frame = (await canvas.boundingBox())!;
  await page.mouse.move(frame.x + from.x, frame.y + from.y);
  await page.mouse.down();
  await page.mouse.move(frame.x + (from.x + to.x) / 2, frame.y + (from.y + to.y) / 2, { steps: 4 });
  await page.mouse.move(frame.x + to.x, frame.y + to.y, { steps: 4 });
  await page.mouse.up();
  const x1 = (from.x - view.x) / view.scale;
  const y1 = (from.y - view.y) / view.scale;
  const x2 = (to.x - view.x) / view.scale;
  const y2 = (to.y - view.y) / view.scale;
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

function expectBoxNear(
  actual: SavedBox,
  expected: { x: number; y: number; width: number; height: number },
) {
  for (const key of ['x', 'y', 'width', 'height'] as const) {
    expect(
      Math.abs(actual[key] - expected[key]),
      `${key}: ${actual[key]} vs ${expected[key]}`,
    ).toBeLessThanOrEqual(1);
  }
}

test('a doctor joins, claims, draws boxes at zoom, reloads them exactly, adjusts the window and marks ready', async ({
  page,
  request,
}) => {
  // The manager prepares everything through the API.
  const manager = await apiUser(request, 'Maria', 'Nowak');
  const group = await call<{ id: number }>(request, manager, 'post', '/api/groups', {
    data: { name: 'Neuro CT reading' },
  });
  const { join_code: joinCode } = await call<{ join_code: string }>(
    request,
    manager,
    'get',
    `/api/groups/${group.id}`,
  );
  const set = await call<{ id: number }>(request, manager, 'post', `/api/groups/${group.id}/sets`, {
    data: { name: 'Head CT findings', type: 'detection', package_size: 10 },
  });
  const hemorrhage = await call<{ id: number }>(
    request,
    manager,
    'post',
    `/api/sets/${set.id}/labels`,
    {
      data: { name: 'Hemorrhage', color: '#e03131', shortcut: '1' },
    },
  );
  const fracture = await call<{ id: number }>(
    request,
    manager,
    'post',
    `/api/sets/${set.id}/labels`,
    {
      data: { name: 'Fracture', color: '#1c7ed6', shortcut: '2' },
    },
  );
  const upload = await call<{ created: { id: number; filename: string }[] }>(
    request,
    manager,
    'post',
    `/api/sets/${set.id}/samples`,
    {
      multipart: {
        files: {
          name: 'CT_small.dcm',
          mimeType: 'application/dicom',
          buffer: readFileSync(CT_SMALL),
        },
      },
    },
  );
  for (const [index, size] of [
    [1, [320, 240]],
    [2, [300, 300]],
  ] as const) {
    await call(request, manager, 'post', `/api/sets/${set.id}/samples`, {
      multipart: {
        files: {
          name: `hand-${index}.png`,
          mimeType: 'image/png',
          buffer: makePng(size[0], size[1], index),
        },
      },
    });
  }
  const ct = upload.created[0]!;

  // The doctor signs up and joins with the code.
  const doctor = { name: 'Jan', surname: 'Kowalski', email: uniqueEmail('doctor') };
  await registerInUi(page, doctor);
  await page.goto('/groups');
  await page.getByRole('button', { name: 'Join with a code' }).first().click();
  await page.getByLabel('Join code').fill(joinCode);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByText(/You are a member of/)).toBeVisible();

  // Claims the next package of the set: the editor opens at the first sample (the CT slice).
  await page.goto(`/sets/${set.id}`);
  await page.getByRole('button', { name: 'Claim next package' }).click();
  await expect(page).toHaveURL(new RegExp(`/packages/\\d+/samples/${ct.id}$`));
  const packageId = Number(/\/packages\/(\d+)\//.exec(page.url())![1]);
  const host = page.getByTestId('editor-host');
  await expect(host).toHaveAttribute('data-sample-id', String(ct.id));
  const canvas = host.locator('canvas');
  await expect(page.getByTestId('package-progress')).toHaveText('0 of 3 annotated');
  await expect(page.getByTestId('window-level')).toBeVisible();

  // Zoom to something other than fit and 1:1, then draw two boxes with the mouse.
  const fitScale = (await viewport(host)).scale;
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  const frame = (await canvas.boundingBox())!;
  await page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 2);
  await page.mouse.wheel(0, -120);
  await expect.poll(async () => (await viewport(host)).scale).toBeGreaterThan(fitScale * 1.5);
  const view = await viewport(host);
  expect(view.scale).not.toBeCloseTo(1, 1);

  const cx = frame.width / 2;
  const cy = frame.height / 2;
  const first = await drawBox(
    page,
    canvas,
    view,
    { x: cx - 180, y: cy - 140 },
    { x: cx - 60, y: cy - 40 },
  );
  const second = await drawBox(
    page,
    canvas,
    view,
    { x: cx + 30, y: cy + 20 },
    { x: cx + 170, y: cy + 130 },
  );
  await expect(page.getByText('Boxes (2)')).toBeVisible();

  // The second box is selected: its label changes by key; the sample is marked tentative.
  await page.keyboard.press('2');
  await expect(page.getByRole('option', { name: /Fracture/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await page.keyboard.press('t');
  await expect(page.getByRole('switch', { name: /Tentative/ })).toBeChecked();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  // Window/level by a right-drag changes the pixels on the canvas.
  const before = await canvas.screenshot();
  const levelBefore = await page.getByTestId('window-level').textContent();
  await page.mouse.move(frame.x + 60, frame.y + frame.height - 60);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(frame.x + 160, frame.y + frame.height - 120, { steps: 6 });
  await page.mouse.up({ button: 'right' });
  await expect(page.getByTestId('window-level')).not.toHaveText(levelBefore ?? '');
  const after = await canvas.screenshot();
  expect(Buffer.compare(before, after)).not.toBe(0);

  // The pixel value under the cursor is shown in Hounsfield units.
  await page.mouse.move(frame.x + cx, frame.y + cy);
  await expect(page.getByTestId('pixel-value')).toHaveText(/-?\d+ HU/);

  // Next sample: the pending save is flushed first.
  await page.keyboard.press('PageDown');
  await expect(page).not.toHaveURL(new RegExp(`/samples/${ct.id}$`));
  await expect(page.getByTestId('package-progress')).toHaveText('1 of 3 annotated');

  // The server has the boxes at the image coordinates drawn on screen (1 px tolerance).
  const saved = await (await page.request.get(`/api/samples/${ct.id}/examination`)).json();
  expect(saved.tentative).toBe(true);
  expect(saved.boxes).toHaveLength(2);
  const boxes = [...(saved.boxes as SavedBox[])].sort((a, b) => a.x - b.x);
  expectBoxNear(boxes[0]!, first);
  expectBoxNear(boxes[1]!, second);
  expect(boxes[0]!.label_id).toBe(hemorrhage.id);
  expect(boxes[1]!.label_id).toBe(fracture.id);

  // Reload the CT sample: the boxes come back, at the same image coordinates.
  await page.goto(`/packages/${packageId}/samples/${ct.id}`);
  await expect(host).toHaveAttribute('data-sample-id', String(ct.id));
  await expect(page.getByText('Boxes (2)')).toBeVisible();
  await expect(page.getByRole('switch', { name: /Tentative/ })).toBeChecked();
  const reloaded = await viewport(host);
  const frame2 = (await canvas.boundingBox())!;
  // Click the middle of the second box as it is drawn now: it selects that very box.
  const middle = {
    x: frame2.x + (second.x + second.width / 2) * reloaded.scale + reloaded.x,
    y: frame2.y + (second.y + second.height / 2) * reloaded.scale + reloaded.y,
  };
  await page.keyboard.press('v');
  await page.mouse.click(middle.x, middle.y);
  await expect(page.getByText(`x ${boxes[1]!.x} y ${boxes[1]!.y}`, { exact: false })).toBeVisible();
  await page.mouse.move(frame2.x + frame2.width * 0.3, frame2.y + frame2.height * 0.6);
  await page.screenshot({ path: screenshotPath('editor-dicom-boxes') });

  // The other samples: nothing to report on them ("Enter" saves an empty reading and moves on).
  await page.keyboard.press('Escape');
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('package-progress')).toHaveText('1 of 3 annotated');
  await expect(host).not.toHaveAttribute('data-sample-id', String(ct.id));
  await expect(host).toHaveAttribute('data-sample-id', /\d+/);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('package-progress')).toHaveText('2 of 3 annotated');
  await expect(host).toHaveAttribute('data-sample-id', /\d+/);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('package-progress')).toHaveText('3 of 3 annotated');

  // Mark the package ready: it is locked for the doctor afterwards.
  await page.getByRole('button', { name: 'Mark package ready' }).click();
  await expect(page.getByText('Package marked ready')).toBeVisible();
  await expect(
    page.getByText('This package is marked ready, so its readings are locked.'),
  ).toBeVisible();
  const pkg = await (await page.request.get(`/api/packages/${packageId}`)).json();
  expect(pkg.is_ready).toBe(true);
});
