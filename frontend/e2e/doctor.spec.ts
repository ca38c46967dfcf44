import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import path from 'node:path';
import {
  apiUser,
  call,
  CT_SMALL,
  makePng,
  PASSWORD,
  registerInUi,
  screenshotPath,
  uniqueEmail,
} from './helpers.ts';

/** pydicom's ultrasound (RGB): ultrasound may carry patient data burned into its pixels. */
const US_RGB = path.join(path.dirname(CT_SMALL), 'examples_rgb_color.dcm');
const LONG_LABEL = 'Suspected pulmonary embolism in a segmental branch of the lower lobe';

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

interface Overflow {
  scrollWidth: number;
  clientWidth: number;
}

/** Whether an element's content is wider than the element (cut, or scrolling sideways). */
function overflows(locator: Locator): Promise<boolean> {
  return locator.evaluate((element: Overflow) => element.scrollWidth > element.clientWidth + 1);
}

/** The page's colour scheme and the luminance (0..1) of its body's background. */
async function scheme(page: Page): Promise<{ scheme: string | null; luminance: number }> {
  const probe = `(() => {
    const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
    return { scheme: document.documentElement.getAttribute('data-mantine-color-scheme'),
             luminance: (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 };
  })()`;
  return (await page.evaluate(probe)) as { scheme: string | null; luminance: number };
}

function intersects(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

for (const size of [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
]) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: size });

    test('a doctor’s day: joins, claims, reads at zoom with label keys and window presets, survives an ended session, marks ready', async ({
      page,
      request,
    }) => {
      test.setTimeout(300_000);
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
      const set = await call<{ id: number }>(
        request,
        manager,
        'post',
        `/api/groups/${group.id}/sets`,
        { data: { name: 'Head CT findings', type: 'detection', package_size: 10 } },
      );
      const label = (name: string, shortcut: string, color: string) =>
        call<{ id: number; name: string }>(request, manager, 'post', `/api/sets/${set.id}/labels`, {
          data: { name, color, shortcut },
        });
      const hemorrhage = await label('Hemorrhage', '1', '#56b4e9');
      const fracture = await label('Fracture', '2', '#e69f00');
      const embolism = await label(LONG_LABEL, '3', '#009e73');
      const upload = async (name: string, mimeType: string, buffer: Buffer) =>
        (
          await call<{ created: { id: number }[] }>(
            request,
            manager,
            'post',
            `/api/sets/${set.id}/samples`,
            { multipart: { files: { name, mimeType, buffer } } },
          )
        ).created[0]!;
      const ct = await upload('CT_small.dcm', 'application/dicom', readFileSync(CT_SMALL));
      const us = await upload('us.dcm', 'application/dicom', readFileSync(US_RGB));
      await upload('hand-1.png', 'image/png', makePng(320, 240, 1));
      await upload('hand-2.png', 'image/png', makePng(300, 300, 2));

      const doctor = { name: 'Jan', surname: 'Kowalski', email: uniqueEmail('doctor') };
      const host = page.getByTestId('editor-host');
      const canvas = host.locator('canvas');
      const hint = page.getByTestId('key-hint');
      const boxRow = (n: number) => page.getByRole('button', { name: new RegExp(`^Box ${n}\\. `) });
      let packageId = 0;

      await test.step('joins with the code and claims a package: a dark editor opens', async () => {
        await registerInUi(page, doctor);
        await page.goto('/groups');
        await page.getByRole('button', { name: 'Join with a code' }).first().click();
        await page.getByLabel('Join code').fill(joinCode);
        await page.getByRole('button', { name: 'Join', exact: true }).click();
        await expect(page.getByText(/You are a member of/)).toBeVisible();
        await page.goto(`/sets/${set.id}`);
        await page.getByRole('button', { name: 'Claim next package' }).click();
        await expect(page).toHaveURL(new RegExp(`/packages/\\d+/samples/${ct.id}$`));
        packageId = Number(/\/packages\/(\d+)\//.exec(page.url())![1]);
        await expect(host).toHaveAttribute('data-sample-id', String(ct.id));
        await expect(page.getByTestId('package-progress')).toHaveText('0 of 4 annotated');
        const dark = await scheme(page);
        expect(dark.scheme).toBe('dark');
        expect(dark.luminance).toBeLessThan(0.2); // the chrome, not only the canvas
      });

      // Zoom to something other than fit and 1:1.
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
      let first = { x: 0, y: 0, width: 0, height: 0 };
      let second = first;

      await test.step('a label key after drawing is for the next box, never the box just drawn', async () => {
        await expect(hint).toHaveText(/1–3\s*→\s*label of the next box: Hemorrhage/);
        first = await drawBox(
          page,
          canvas,
          view,
          { x: cx - 180, y: cy - 140 },
          { x: cx - 60, y: cy - 40 },
        );
        await expect(page.getByText('Boxes (1)')).toBeVisible();
        await page.keyboard.press('2');
        await expect(hint).toHaveText(/label of the next box: Fracture/);
        await expect(boxRow(1)).toHaveAccessibleName(/^Box 1\. Hemorrhage/);
        second = await drawBox(
          page,
          canvas,
          view,
          { x: cx + 30, y: cy + 20 },
          { x: cx + 170, y: cy + 130 },
        );
        await expect(boxRow(2)).toHaveAccessibleName(/^Box 2\. Fracture/);
        await expect(boxRow(1)).toHaveAccessibleName(/^Box 1\. Hemorrhage/);
        // Selecting a box on purpose: now the key relabels it.
        await boxRow(1).click();
        await expect(hint).toHaveText(/relabel the selected box\s*Hemorrhage/);
        await page.keyboard.press('3');
        await expect(boxRow(1)).toHaveAccessibleName(new RegExp(`^Box 1\\. ${LONG_LABEL}`));
        await page.keyboard.press('Escape');
        await expect(hint).toHaveText(/label of the next box: Suspected pulmonary/);
        await page.keyboard.press('t');
        await expect(page.getByRole('switch', { name: /Tentative/ })).toBeChecked();
      });

      await test.step('the box list shows whole sizes; a long label name is cut, never the size', async () => {
        for (const n of [1, 2]) {
          const size = boxRow(n).getByTestId('box-size');
          await expect(size).toHaveText(/^\d+×\d+$/);
          expect(await overflows(size), `box ${n}'s size is cut`).toBe(false);
        }
        expect(await overflows(boxRow(1).locator('p').first()), 'the long name is cut').toBe(true);
        await expect(boxRow(1)).toHaveAttribute('title', new RegExp(LONG_LABEL));
        const panel = page.getByLabel('Reading panel');
        const sideways = await panel
          .locator('.mantine-ScrollArea-viewport')
          .first()
          .evaluate((element: Overflow) => element.scrollWidth > element.clientWidth + 1);
        expect(sideways, 'the panel scrolls sideways').toBe(false);
      });

      await test.step('window presets on Shift+digits leave the digits to the labels', async () => {
        await page.keyboard.press('Shift+Digit8');
        await expect(page.getByTestId('window-level')).toHaveText(/W 1500 \/ L -600 · Lung/);
        await page.keyboard.press('Shift+Digit9');
        await expect(page.getByTestId('window-level')).toHaveText(/W 1800 \/ L 400 · Bone/);
        await expect(hint).toHaveText(/label of the next box: Suspected pulmonary/);
        await page.keyboard.press('?');
        const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
        await expect(help.getByText('Lung (W 1500 / L -600)')).toBeVisible();
        await expect(help.getByText('Shift+8', { exact: true })).toBeVisible();
        await page.keyboard.press('Escape');
        await expect(help).toBeHidden();
        await page.keyboard.press('Shift+Digit1');
        await expect(page.getByTestId('window-level')).toHaveText(/Default/);
      });

      await test.step('window/level by a right-drag, Hounsfield units under the cursor', async () => {
        const before = await canvas.screenshot();
        const levelBefore = await page.getByTestId('window-level').textContent();
        await page.mouse.move(frame.x + 60, frame.y + frame.height - 60);
        await page.mouse.down({ button: 'right' });
        await page.mouse.move(frame.x + 160, frame.y + frame.height - 120, { steps: 6 });
        await page.mouse.up({ button: 'right' });
        await expect(page.getByTestId('window-level')).not.toHaveText(levelBefore ?? '');
        expect(Buffer.compare(before, await canvas.screenshot())).not.toBe(0);
        await page.mouse.move(frame.x + cx, frame.y + cy);
        await expect(page.getByTestId('pixel-value')).toHaveText(/-?\d+ HU/);
      });

      await test.step('the next sample saves first; the server has the boxes where they were drawn', async () => {
        await page.keyboard.press('PageDown');
        await expect(page).not.toHaveURL(new RegExp(`/samples/${ct.id}$`));
        await expect(page.getByTestId('package-progress')).toHaveText('1 of 4 annotated');
        const saved = await (await page.request.get(`/api/samples/${ct.id}/examination`)).json();
        expect(saved.tentative).toBe(true);
        const boxes = [...(saved.boxes as SavedBox[])].sort((a, b) => a.x - b.x);
        expect(boxes).toHaveLength(2);
        expectBoxNear(boxes[0]!, first);
        expectBoxNear(boxes[1]!, second);
        expect(boxes.map((box) => box.label_id)).toEqual([embolism.id, fracture.id]);
        expect(hemorrhage.id).not.toBe(embolism.id);
      });

      await test.step('the CT again: its boxes come back exactly, names on chips', async () => {
        await page.goto(`/packages/${packageId}/samples/${ct.id}`);
        await expect(host).toHaveAttribute('data-sample-id', String(ct.id));
        await expect(page.getByText('Boxes (2)')).toBeVisible();
        const reloaded = await viewport(host);
        const frame2 = (await canvas.boundingBox())!;
        await page.keyboard.press('v');
        await page.mouse.click(
          frame2.x + (second.x + second.width / 2) * reloaded.scale + reloaded.x,
          frame2.y + (second.y + second.height / 2) * reloaded.scale + reloaded.y,
        );
        await expect(hint).toHaveText(/relabel the selected box\s*Fracture/);
        await page.keyboard.press('Shift+Digit5'); // the soft tissue window
        await page.mouse.move(frame2.x + frame2.width * 0.3, frame2.y + frame2.height * 0.6);
        await page.screenshot({ path: screenshotPath(`editor-${size.width}`) });
        await page.keyboard.press('Escape');
      });

      await test.step('the ultrasound warns of patient data in its pixels, on the image itself', async () => {
        await page.keyboard.press('PageDown');
        await expect(host).toHaveAttribute('data-sample-id', String(us.id));
        const notice = page.getByTestId('burned-in-notice');
        await expect(notice).toBeVisible();
        await expect(notice).toContainText('patient data');
        await expect(notice.getByRole('link')).toHaveCount(0); // masking is the manager's
      });

      await test.step('the session ends on the server; the edit made after it is saved after signing in again', async () => {
        const session = (await page.context().cookies()).find(
          (cookie) => cookie.name === 'tagmedx_session',
        );
        expect(session, 'the browser holds a session cookie').toBeTruthy();
        const ended = await request.post('/api/auth/logout', {
          headers: { Authorization: `Bearer ${session!.value}` },
        });
        expect(ended.status()).toBe(204);
        await page.keyboard.press('q'); // bad quality: an edit the server refuses with 401
        await expect(page).toHaveURL(/\/login\?next=/);
        await expect(page.getByText('A reading is not saved yet')).toBeVisible();
        await page.getByLabel('E-mail').fill(doctor.email);
        await page.getByLabel('Password').fill(PASSWORD);
        await page.getByRole('button', { name: 'Log in' }).click();
        await expect(page).toHaveURL(new RegExp(`/packages/${packageId}/samples/${us.id}$`));
        await expect(page.getByText('Your unsaved changes are back')).toBeVisible();
        await expect(page.getByRole('switch', { name: /Bad quality/ })).toBeChecked();
        await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
        const saved = await (await page.request.get(`/api/samples/${us.id}/examination`)).json();
        expect(saved.bad_quality).toBe(true);
      });

      await test.step('a light editor if the reader wants it, remembered', async () => {
        await page.getByRole('button', { name: 'Light editor' }).click();
        expect((await scheme(page)).scheme).toBe('light');
        await page.reload();
        await expect(host).toHaveAttribute('data-sample-id', String(us.id));
        const light = await scheme(page);
        expect(light.scheme).toBe('light');
        expect(light.luminance).toBeGreaterThan(0.8);
        await page.screenshot({ path: screenshotPath(`editor-light-${size.width}`) });
        await page.getByRole('button', { name: 'Dark editor' }).click();
        expect((await scheme(page)).scheme).toBe('dark');
      });

      await test.step('the rest read with Enter; the last sample’s message leaves "Mark package ready" free', async () => {
        await page.keyboard.press('Enter');
        await expect(page.getByTestId('package-progress')).toHaveText('2 of 4 annotated');
        await expect(host).not.toHaveAttribute('data-sample-id', String(us.id));
        await page.keyboard.press('Enter');
        await expect(page.getByTestId('package-progress')).toHaveText('3 of 4 annotated');
        await expect(host).toHaveAttribute('data-sample-id', /\d+/);
        await page.keyboard.press('Enter');
        await expect(page.getByTestId('package-progress')).toHaveText('4 of 4 annotated');
        const toast = page.locator('.mantine-Notification-root', {
          hasText: 'Last sample of the package',
        });
        await expect(toast).toBeVisible();
        const ready = page.getByRole('button', { name: 'Mark package ready' });
        await expect(ready).toBeEnabled();
        expect(intersects((await toast.boundingBox())!, (await ready.boundingBox())!)).toBe(false);
        await page.screenshot({ path: screenshotPath(`editor-last-sample-${size.width}`) });
      });

      await test.step('marks the package ready: it is locked for the doctor', async () => {
        await page.getByRole('button', { name: 'Mark package ready' }).click();
        await expect(page.getByText('Package marked ready')).toBeVisible();
        await expect(
          page.getByText('This package is marked ready, so its readings are locked.'),
        ).toBeVisible();
        const pkg = await (await page.request.get(`/api/packages/${packageId}`)).json();
        expect(pkg.is_ready).toBe(true);
      });
    });
  });
}
