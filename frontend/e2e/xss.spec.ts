import { expect, test, type Page } from '@playwright/test';
import { apiUser, call, makePng, PASSWORD, screenshotPath, uniqueEmail } from './helpers.ts';

/**
 * XSS payloads in every free-text field the app shows (names, descriptions, labels, comments,
 * profile fields, token names, file names) stay inert text on every screen that shows them, and a
 * script disguised as an image is refused by the API and never rendered.
 *
 * Each payload is tagged with where it was stored, so a failure says which field leaked.
 */
const IMG = (tag: string) => `${tag} <img src=x onerror="window.__xss=1;alert(1)">`;
const SCRIPT = (tag: string) => `${tag} <script>window.__xss=1</script>`;
const SVG = (tag: string) => `${tag} "><svg onload=window.__xss=1>`;
const LINK = (tag: string) => `javascript:window.__xss=1//${tag}`;

const P = {
  adminName: IMG('An'),
  adminSurname: SCRIPT('As'),
  adminTitle: LINK('title'),
  adminSpecialization: SVG('Asp'),
  doctorName: SVG('Dn'),
  doctorSurname: IMG('Ds'),
  doctorSpecialization: SCRIPT('Dsp'),
  groupName: IMG('G'),
  groupDescription: LINK('group'),
  setName: SVG('S'),
  setRenamed: IMG('S2'),
  setDescription: SCRIPT('Sd'),
  labelImg: IMG('L1'),
  labelScript: SCRIPT('L2'),
  labelSvg: SVG('L3'),
  labelDescription: LINK('label'),
  boxComment: IMG('Bc'),
  sampleComment: SCRIPT('Ec'),
  doctorBoxComment: SVG('Dbc'),
  tokenName: IMG('T'),
  // A file name travels in multipart and is shown in the grid, the editor and the upload report.
  fileName: '<img src=x onerror=window.__xss=1>.png',
} as const;

/**
 * Counts what an injection would leave in the page: event-handler attributes, scripts mentioning
 * the payload, javascript: URLs, the payload's <img src=x> and <svg onload>. Runs in the page (a
 * string, since the e2e TypeScript project has no DOM types).
 */
const INJECTION_PROBE = `(() => ({
  xss: typeof window.__xss,
  handlers: document.querySelectorAll('[onerror],[onload],[onclick],[onmouseover],[onfocus]').length,
  scripts: [...document.scripts].filter((script) => (script.textContent || '').includes('__xss')).length,
  javascriptUrls: document.querySelectorAll(
    'a[href^="javascript:" i],[src^="javascript:" i],[action^="javascript:" i]',
  ).length,
  strayImages: document.querySelectorAll('img[src="x"]').length,
  svgs: [...document.querySelectorAll('svg')].filter((svg) => svg.hasAttribute('onload')).length,
}))()`;

/** What must never happen on any screen: a payload ran, a dialog opened, markup was injected. */
async function expectInert(page: Page, dialogs: string[]): Promise<void> {
  expect(await page.evaluate(INJECTION_PROBE)).toEqual({
    xss: 'undefined',
    handlers: 0,
    scripts: 0,
    javascriptUrls: 0,
    strayImages: 0,
    svgs: 0,
  });
  expect(dialogs, 'no dialog may open').toEqual([]);
}

/** Each text shows literally, as text, somewhere visible on the page. */
async function expectTexts(page: Page, texts: string[]): Promise<void> {
  for (const text of texts) {
    const shown = page.getByText(text, { exact: false }).filter({ visible: true });
    await expect(shown.first(), text).toBeVisible();
  }
}

const SVG_AS_PNG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__xss=1"><script>window.__xss=1</script></svg>',
);
const HTML_AS_PNG = Buffer.from(
  '<!doctype html><html><body><script>window.__xss=1;alert(1)</script><img src=x onerror="window.__xss=1"></body></html>',
);

test('xss payloads in every free-text field stay inert text on every screen', async ({
  page,
  request,
}) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });

  // The manager and the doctor, with payloads in their profiles.
  const admin = await apiUser(request, P.adminName, P.adminSurname, uniqueEmail('xss.admin'));
  await call(request, admin, 'patch', '/api/users/me', {
    data: { title: P.adminTitle, specialization: P.adminSpecialization },
  });
  const doctor = await apiUser(request, P.doctorName, P.doctorSurname, uniqueEmail('xss.doctor'));
  await call(request, doctor, 'patch', '/api/users/me', {
    data: { specialization: P.doctorSpecialization, practice_start_year: 2015 },
  });
  await call(request, admin, 'post', '/api/users/me/tokens', { data: { name: P.tokenName } });

  // A group, a detection set with payload labels, and three images (one with a payload name).
  const group = await call<{ id: number; join_code: string }>(
    request,
    admin,
    'post',
    '/api/groups',
    { data: { name: P.groupName, description: P.groupDescription } },
  );
  await call(request, doctor, 'post', '/api/groups/join', {
    data: { join_code: group.join_code },
  });
  const set = await call<{ id: number }>(request, admin, 'post', `/api/groups/${group.id}/sets`, {
    data: { name: P.setName, description: P.setDescription, type: 'detection', package_size: 2 },
  });
  // A change, so the audit trail shows a before -> after of two payloads.
  await call(request, admin, 'patch', `/api/sets/${set.id}`, { data: { name: P.setRenamed } });
  const labels: { id: number }[] = [];
  for (const [index, name] of [P.labelImg, P.labelScript, P.labelSvg].entries()) {
    labels.push(
      await call(request, admin, 'post', `/api/sets/${set.id}/labels`, {
        data: {
          name,
          description: P.labelDescription,
          color: ['#e03131', '#1c7ed6', '#2f9e44'][index],
          shortcut: String(index + 1),
        },
      }),
    );
  }
  const upload = await call<{ created: { id: number; filename: string }[] }>(
    request,
    admin,
    'post',
    `/api/sets/${set.id}/samples`,
    {
      multipart: {
        files: { name: P.fileName, mimeType: 'image/png', buffer: makePng(320, 240, 1) },
      },
    },
  );
  for (const index of [2, 3]) {
    await call(request, admin, 'post', `/api/sets/${set.id}/samples`, {
      multipart: {
        files: {
          name: `plain-${index}.png`,
          mimeType: 'image/png',
          buffer: makePng(200, 160, index),
        },
      },
    });
  }
  const payloadSample = upload.created[0]!;
  expect(payloadSample.filename).toBe(P.fileName);

  // The first package goes to the doctor, who reads the payload-named image with payload comments.
  const packages = await call<{ items: { id: number; number: number; sample_count: number }[] }>(
    request,
    admin,
    'get',
    `/api/sets/${set.id}/packages`,
  );
  const first = packages.items[0]!;
  await call(request, admin, 'patch', `/api/packages/${first.id}`, {
    data: { assignee_id: doctor.id },
  });
  await call(request, admin, 'patch', `/api/packages/${packages.items[1]!.id}`, {
    data: { assignee_id: admin.id },
  });
  await call(request, doctor, 'get', `/api/samples/${payloadSample.id}`);
  const image = await request.get(`/api/samples/${payloadSample.id}/image`, {
    headers: doctor.headers,
  });
  expect(image.ok()).toBeTruthy();
  await call(request, doctor, 'put', `/api/samples/${payloadSample.id}/examination`, {
    data: {
      tentative: true,
      bad_quality: false,
      comment: P.sampleComment,
      boxes: [
        {
          label_id: labels[2]!.id,
          x: 20,
          y: 20,
          width: 60,
          height: 40,
          comment: P.doctorBoxComment,
        },
      ],
    },
  });
  // The manager reads it too (admins may), with a payload box comment and sample comment.
  await call(request, admin, 'put', `/api/samples/${payloadSample.id}/examination`, {
    data: {
      tentative: false,
      bad_quality: false,
      comment: P.sampleComment,
      boxes: [
        { label_id: labels[0]!.id, x: 30, y: 40, width: 80, height: 50, comment: P.boxComment },
        { label_id: labels[1]!.id, x: 150, y: 60, width: 50, height: 70, comment: P.boxComment },
      ],
    },
  });

  // A script disguised as an image is refused, whatever its name says, and nothing is added.
  const disguised = await request.post(`/api/sets/${set.id}/samples`, {
    headers: admin.headers,
    multipart: {
      files: { name: 'scan.png', mimeType: 'image/png', buffer: SVG_AS_PNG },
    },
  });
  expect(disguised.status(), await disguised.text()).toBeGreaterThanOrEqual(400);
  const disguisedHtml = await request.post(`/api/sets/${set.id}/samples`, {
    headers: admin.headers,
    multipart: {
      files: { name: 'report.png', mimeType: 'image/png', buffer: HTML_AS_PNG },
    },
  });
  expect(disguisedHtml.status(), await disguisedHtml.text()).toBeGreaterThanOrEqual(400);
  const samples = await call<{ items: { filename: string }[] }>(
    request,
    admin,
    'get',
    `/api/sets/${set.id}/samples`,
  );
  expect(samples.items.map((sample) => sample.filename).sort()).toEqual(
    [P.fileName, 'plain-2.png', 'plain-3.png'].sort(),
  );

  // The manager signs in in the browser (the session cookie and the CSRF cookie).
  const login = await page.request.post('/api/auth/login', {
    data: { email: admin.email, password: PASSWORD },
  });
  expect(login.ok()).toBeTruthy();
  const adminFullName = `${P.adminName} ${P.adminSurname}`;
  const doctorFullName = `${P.doctorName} ${P.doctorSurname}`;

  // My work and the groups list.
  await page.goto('/');
  await expectTexts(page, [P.setRenamed, P.groupName]);
  await expectInert(page, dialogs);

  await page.goto('/groups');
  await expectTexts(page, [P.groupName]);
  await expectInert(page, dialogs);

  // The group: overview, sets, members, audit (events and image views), settings.
  await page.goto(`/groups/${group.id}/overview`);
  await expectTexts(page, [P.groupName, P.groupDescription, P.setRenamed]);
  await page.waitForLoadState('networkidle');
  await expectInert(page, dialogs);

  await page.goto(`/groups/${group.id}/sets`);
  await expectTexts(page, [P.setRenamed, P.setDescription]);
  await expectInert(page, dialogs);

  await page.goto(`/groups/${group.id}/members`);
  await expectTexts(page, [P.adminName, P.adminSurname, P.doctorName, P.doctorSurname]);
  await expectTexts(page, [P.adminSpecialization, P.doctorSpecialization]);
  await expectInert(page, dialogs);

  await page.goto(`/groups/${group.id}/audit`);
  const story = page.getByRole('list', { name: 'What happened' });
  await expect(story).toBeVisible();
  for (const text of [adminFullName, P.setRenamed]) {
    await expect(story.getByText(text, { exact: false }).first(), text).toBeVisible();
  }
  await expectInert(page, dialogs);

  await page.goto(`/groups/${group.id}/audit?view=events`);
  const trail = page.getByRole('table', { name: 'Audit trail' });
  await expect(trail).toBeVisible();
  for (const text of [adminFullName, P.setName, P.setRenamed, P.labelImg, P.labelScript]) {
    await expect(trail.getByText(text, { exact: false }).first(), text).toBeVisible();
  }
  await page.screenshot({ path: screenshotPath('xss-audit') });
  await expectInert(page, dialogs);
  await page.getByText('Images opened', { exact: true }).click();
  const views = page.getByRole('table', { name: 'Images opened per member and day' });
  await expect(views.getByText(doctorFullName, { exact: false })).toBeVisible();
  await expectInert(page, dialogs);

  await page.goto(`/groups/${group.id}/settings`);
  await expect(page.getByLabel('Name')).toHaveValue(P.groupName);
  await expectInert(page, dialogs);

  // The set page and its tabs.
  await page.goto(`/sets/${set.id}`);
  await expectTexts(page, [P.setRenamed, P.setDescription, P.groupName]);
  await page.getByRole('button', { name: 'Details' }).click();
  await expectTexts(page, [P.labelImg, P.labelScript, P.labelSvg]);
  await page.waitForLoadState('networkidle');
  await expectInert(page, dialogs);

  await page.goto(`/sets/${set.id}/labels`);
  await expectTexts(page, [P.labelImg, P.labelScript, P.labelSvg, P.labelDescription]);
  await expectInert(page, dialogs);

  await page.goto(`/sets/${set.id}/samples`);
  await expect(page.getByRole('img', { name: P.fileName })).toBeVisible();
  await expectTexts(page, [P.fileName]);
  await page.waitForLoadState('networkidle');
  await expectInert(page, dialogs);

  await page.goto(`/sets/${set.id}/packages`);
  await expect(
    page.getByRole('textbox', { name: `Assignee of package ${first.number}` }),
  ).toHaveValue(new RegExp(escapeRegExp(P.doctorName)));
  await expectInert(page, dialogs);

  // Uploading disguised files through the page: refused, listed by name as text, never shown.
  await page.goto(`/sets/${set.id}/upload`);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose files' }).click();
  await (
    await chooser
  ).setFiles([
    { name: 'scan.png', mimeType: 'image/png', buffer: SVG_AS_PNG },
    { name: P.fileName, mimeType: 'image/png', buffer: HTML_AS_PNG },
  ]);
  const notAdded = page.getByRole('table', { name: 'Files not added' });
  await expect(notAdded).toBeVisible();
  await expect(notAdded.getByText('scan.png')).toBeVisible();
  await expect(notAdded.getByText(P.fileName)).toBeVisible();
  await expectInert(page, dialogs);
  expect(
    (await call<{ items: unknown[] }>(request, admin, 'get', `/api/sets/${set.id}/samples`)).items,
  ).toHaveLength(3);

  // The annotate page: label list, box list, the selected box's comment, the sample's comment,
  // and the doctor's reading (their name in the reader switcher, their comments).
  await page.goto(`/packages/${first.id}/samples/${payloadSample.id}`);
  const host = page.getByTestId('editor-host');
  await expect(host).toHaveAttribute('data-sample-id', String(payloadSample.id));
  await expectTexts(page, [P.labelImg, P.labelScript, P.labelSvg]);
  await expect(page.getByText('Boxes (2)')).toBeVisible();
  // The file name is the value of the sample picker (an input), not text.
  const pickerShowsName = `[...document.querySelectorAll('input')].some((input) =>
    input.value.includes(${JSON.stringify(P.fileName)}))`;
  await expect.poll(() => page.evaluate(pickerShowsName)).toBe(true);
  await expect(page.getByLabel('Comment on this image')).toHaveValue(P.sampleComment);
  await page.getByText(`1. ${P.labelImg}`).click();
  await expect(page.getByLabel('Box comment')).toHaveValue(P.boxComment);
  await page.screenshot({ path: screenshotPath('xss-annotate') });
  await expectInert(page, dialogs);
  // The doctor's reading: their name in the reader picker, their box comment.
  await page.getByRole('textbox', { name: 'Reader' }).click();
  await page.getByRole('option', { name: new RegExp(escapeRegExp(P.doctorName)) }).click();
  await expect(page.getByText('Boxes (1)')).toBeVisible();
  await page.getByText(`1. ${P.labelSvg}`).click();
  await expect(page.getByLabel('Box comment')).toHaveValue(P.doctorBoxComment);
  await expectInert(page, dialogs);

  // Profile: the fields and the token's name.
  await page.goto('/profile');
  await expect(page.getByLabel('First name')).toHaveValue(P.adminName);
  await expect(page.getByLabel('Surname')).toHaveValue(P.adminSurname);
  await expect(page.getByLabel('Specialization')).toHaveValue(P.adminSpecialization);
  await expectTexts(page, [P.tokenName]);
  await expectInert(page, dialogs);

  // The user menu in the header shows the manager's name as text.
  await expectTexts(page, [P.adminName]);
  await expectInert(page, dialogs);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
