import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
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

/** Runs in the page (the e2e project has no DOM types): a dark image with a white overlay line. */
const DRAW_OVERLAY_PNG = `(async () => {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 480;
  const context = canvas.getContext('2d');
  context.fillStyle = '#000';
  context.fillRect(0, 0, 640, 480);
  context.fillStyle = '#555';
  context.beginPath();
  context.arc(320, 300, 160, 0, Math.PI * 2);
  context.fill();
  context.fillStyle = '#fff';
  context.font = '18px sans-serif';
  context.fillText('DOE JANE  ID 12345678', 14, 30);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  return Array.from(new Uint8Array(await blob.arrayBuffer()));
})()`;

interface Coco {
  images: {
    id: number;
    file_name: string;
    original_filename: string;
    width: number;
    height: number;
  }[];
  categories: { id: number; name: string }[];
  annotations: { image_id: number; category_id: number; bbox: number[] }[];
}

/** A group name longer than any header: it must wrap or truncate, never push the page sideways. */
const LONG_GROUP =
  'Department of Thoracic Imaging and Interventional Radiology, University Hospital';

/** Whether the page scrolls sideways (something is wider than the window). */
async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(
    '(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)()',
  ) as Promise<boolean>;
}

for (const size of [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
]) {
  /** Screenshots for docs/screenshots come from the 1366 px run. */
  const shot = (name: string) =>
    screenshotPath(size.width === 1366 ? name : `${name}-${size.width}`);

  test(`at ${size.width}×${size.height}, a manager's day: a group and a set, uploads, the overview, assigning, handing a ready package on, the story and the export`, async ({
    page,
    request,
  }) => {
    await page.setViewportSize(size);
    await page.goto('/login');
    await expect(page.getByText('TagMedX').first()).toBeVisible();
    await page.screenshot({ path: shot('login') });

    // Sign up.
    const manager = { name: 'Maria', surname: 'Nowak', email: uniqueEmail('manager') };
    await registerInUi(page, manager);

    // Create a group.
    await page.goto('/groups');
    await page.getByRole('button', { name: 'Create group' }).first().click();
    const groupDialog = page.getByRole('dialog', { name: 'Create a group' });
    await groupDialog.getByLabel('Name').fill(LONG_GROUP);
    await groupDialog.getByRole('button', { name: 'Create group' }).click();
    await expect(page).toHaveURL(/\/groups\/\d+/);
    const groupId = Number(/\/groups\/(\d+)/.exec(page.url())![1]);

    // Create a detection set with packages of two images.
    await page.goto(`/groups/${groupId}/sets`);
    await page.getByRole('button', { name: 'Create set' }).first().click();
    const setDialog = page.getByRole('dialog', { name: 'Create a set' });
    await setDialog.getByLabel('Name').fill('Nodules and effusions');
    await setDialog.getByText('Detection (boxes)').click();
    await setDialog.getByLabel('Package size').fill('2');
    await setDialog.getByRole('button', { name: 'Create set' }).click();
    await expect(page).toHaveURL(/\/sets\/\d+/);
    const setId = Number(/\/sets\/(\d+)/.exec(page.url())![1]);

    // Labels.
    await page.goto(`/sets/${setId}/labels`);
    for (const [name, color] of [
      ['Nodule', '#e03131'],
      ['Effusion', '#1c7ed6'],
    ] as const) {
      await page.getByRole('button', { name: 'Add label' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'New label' });
      await dialog.getByLabel('Name').fill(name);
      await dialog.getByLabel('Colour').fill(color);
      await dialog.getByRole('button', { name: 'Add label' }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByRole('cell', { name, exact: true })).toBeVisible();
    }

    // Upload a DICOM and two PNGs (the PNGs are generated here, sizes known).
    await page.goto(`/sets/${setId}/upload`);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose files' }).click();
    await (
      await chooser
    ).setFiles([
      { name: 'CT_small.dcm', mimeType: 'application/dicom', buffer: readFileSync(CT_SMALL) },
      { name: 'chest-1.png', mimeType: 'image/png', buffer: makePng(320, 240, 1) },
      { name: 'chest-2.png', mimeType: 'image/png', buffer: makePng(200, 260, 2) },
    ]);
    await expect(page.getByText('3 images added.')).toBeVisible();

    // The thumbnails show.
    await page.goto(`/sets/${setId}/samples`);
    for (const filename of ['CT_small.dcm', 'chest-1.png', 'chest-2.png']) {
      const thumbnail = page.getByRole('img', { name: filename });
      await expect(thumbnail).toBeVisible();
      await expect
        .poll(() =>
          thumbnail.evaluate(
            (image) => (image as unknown as { naturalWidth: number }).naturalWidth,
          ),
        )
        .toBeGreaterThan(0);
    }
    await page.screenshot({ path: shot('set-samples') });
    await expect(page.getByTestId('sample-total')).toContainText('3');

    // Home is the overview now: the set, how far it is, nothing read yet.
    await page.goto('/');
    const card = page.getByTestId(`set-overview-${setId}`);
    await expect(card.getByText('images read')).toContainText('0 of 3');
    expect(await scrollsSideways(page)).toBe(false);

    // A doctor joins by code (through the API); the manager assigns them the first package.
    const { join_code: joinCode } = await (await page.request.get(`/api/groups/${groupId}`)).json();
    const doctor = await apiUser(request, 'Jan', 'Kowalski');
    await call(request, doctor, 'post', '/api/groups/join', { data: { join_code: joinCode } });
    const packages = (await (await page.request.get(`/api/sets/${setId}/packages`)).json())
      .items as {
      id: number;
      number: number;
    }[];
    expect(packages).toHaveLength(2);
    const first = packages[0]!;

    await page.goto(`/sets/${setId}/packages`);
    await page.getByRole('textbox', { name: `Assignee of package ${first.number}` }).click();
    await page.getByRole('option', { name: 'Jan Kowalski' }).click();
    await expect
      .poll(
        async () =>
          (await (await page.request.get(`/api/packages/${first.id}`)).json()).assignee_id,
      )
      .toBe(doctor.id);

    // The doctor reads their package (through the API) and marks it ready.
    const labels = (await (await page.request.get(`/api/sets/${setId}/labels`)).json()).items as {
      id: number;
      name: string;
    }[];
    const nodule = labels.find((label) => label.name === 'Nodule')!;
    const assigned = await call<{ samples: { id: number; filename: string }[] }>(
      request,
      doctor,
      'get',
      `/api/packages/${first.id}`,
    );
    for (const sample of assigned.samples) {
      await call(request, doctor, 'put', `/api/samples/${sample.id}/examination`, {
        data: {
          tentative: false,
          bad_quality: false,
          boxes: [{ label_id: nodule.id, x: 10, y: 12, width: 30, height: 20, comment: '' }],
        },
      });
    }
    await call(request, doctor, 'patch', `/api/packages/${first.id}`, { data: { is_ready: true } });
    await page.reload();
    await expect(
      page.getByRole('textbox', { name: `Assignee of package ${first.number}` }),
    ).toBeVisible();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: shot('set-packages') });

    // The overview points at the ready package.
    await page.goto('/');
    await expect(
      card.getByRole('link', { name: '1 package marked ready: review or export' }),
    ).toBeVisible();
    await page.screenshot({ path: shot('home-overview') });

    // Handing the ready package to a second doctor asks first and keeps the reading ready.
    const second = await apiUser(request, 'Ewa', 'Lis');
    await call(request, second, 'post', '/api/groups/join', { data: { join_code: joinCode } });
    await page.goto(`/sets/${setId}/packages`);
    await page.getByRole('textbox', { name: `Assignee of package ${first.number}` }).click();
    await page.getByRole('option', { name: 'Ewa Lis' }).click();
    const handOver = page.getByRole('dialog', {
      name: `Hand package #${first.number} to Dr. Ewa Lis?`,
    });
    await expect(handOver).toContainText('stays ready');
    await handOver.getByRole('button', { name: 'Hand it over' }).click();
    await expect
      .poll(async () => {
        const answer = await (await page.request.get(`/api/packages/${first.id}`)).json();
        return [answer.assignee_id, answer.is_ready];
      })
      .toEqual([second.id, true]);

    // The audit trail tells it as a story, with names.
    await page.goto(`/groups/${groupId}/audit`);
    const story = page.getByRole('list', { name: 'What happened' });
    await expect(story.getByText(/Jan Kowalski/).first()).toBeVisible();
    await page.screenshot({ path: shot('audit-story') });
    await page.goto(`/sets/${setId}/packages`);

    // Export COCO of everything and check the file.
    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByText('Everything').click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /COCO/ }).click();
    const file = await (await download).path();
    const coco = JSON.parse(readFileSync(file, 'utf8')) as Coco;
    const sizes = Object.fromEntries(
      coco.images.map((image) => [image.original_filename, [image.width, image.height]]),
    );
    // every image is named `<sample id>_<stem>.<the extension of the file an export with images holds>`
    for (const image of coco.images) {
      expect(image.file_name).toMatch(/^\d+_[A-Za-z0-9._-]+\.png$/);
    }
    expect(sizes).toEqual({
      'CT_small.dcm': [128, 128],
      'chest-1.png': [320, 240],
      'chest-2.png': [200, 260],
    });
    const categories = Object.fromEntries(
      coco.categories.map((category) => [category.id, category.name]),
    );
    expect(Object.values(categories).sort()).toEqual(['Effusion', 'Nodule']);
    expect(coco.annotations).toHaveLength(assigned.samples.length);
    for (const annotation of coco.annotations) {
      expect(annotation.bbox).toEqual([10, 12, 30, 20]);
      expect(categories[annotation.category_id]).toBe('Nodule');
    }

    // The group's overview and the groups list, for the README.
    await page.goto(`/groups/${groupId}/overview`);
    await expect(page.getByText(LONG_GROUP).first()).toBeVisible();
    expect(await scrollsSideways(page)).toBe(false);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: shot('group-overview') });
    await page.goto('/groups');
    await expect(page.getByRole('link', { name: LONG_GROUP })).toBeVisible();
    expect(await scrollsSideways(page)).toBe(false);
    await page.screenshot({ path: shot('groups') });
  });
}

test('a manager masks the patient text that OCR found burned into a screenshot', async ({
  page,
  request,
}) => {
  const manager = await apiUser(request, 'Ewa', 'Lis');
  const group = await call<{ id: number }>(request, manager, 'post', '/api/groups', {
    data: { name: 'Ultrasound' },
  });
  const set = await call<{ id: number }>(request, manager, 'post', `/api/groups/${group.id}/sets`, {
    data: { name: 'Thyroid', type: 'detection', package_size: 5 },
  });

  // A dark image with white overlay text, drawn by the browser's own canvas.
  await page.goto('/login');
  const png = (await page.evaluate(DRAW_OVERLAY_PNG)) as number[];
  const created = await call<{ created: { id: number }[] }>(
    request,
    manager,
    'post',
    `/api/sets/${set.id}/samples`,
    {
      multipart: { files: { name: 'screen.png', mimeType: 'image/png', buffer: Buffer.from(png) } },
    },
  );
  const sampleId = created.created[0]!.id;
  const scan = async () =>
    call<{ status: string; regions: unknown[] }>(
      request,
      manager,
      'get',
      `/api/samples/${sampleId}/text-regions`,
    );
  // The server reads it in the background; the bound only stops a scanner that never ends.
  await expect.poll(async () => (await scan()).status, { timeout: 120_000 }).toBe('done');
  expect((await scan()).regions.length).toBeGreaterThan(0);

  await page.getByLabel('E-mail').fill(manager.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto(`/sets/${set.id}/samples?suspected_text=true`);
  await expect(page.getByText('Text found', { exact: true }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Burned-in text of screen.png' }).click();
  const dialog = page.getByRole('dialog', { name: 'Burned-in text' });
  await expect(dialog.getByTestId('scan-status')).toHaveText(/OCR found \d+ lines? of text/);
  await dialog.getByRole('button', { name: 'Mask all found text' }).click();
  await page.screenshot({ path: screenshotPath('burned-in-text') });
  await dialog.getByRole('button', { name: /Apply \d+ masks?/ }).click();
  await page
    .getByRole('dialog', { name: 'Mask the image for good?' })
    .getByRole('button', { name: 'Mask' })
    .click();
  await expect(page.getByText('Masked. The image is being scanned again.')).toBeVisible();

  // Scanned again: the text is gone.
  await expect.poll(async () => (await scan()).status, { timeout: 120_000 }).toBe('done');
  expect((await scan()).regions).toEqual([]);
});
