import { expect, test, type Page } from '@playwright/test';
import { apiUser, call, makePng, PASSWORD } from './helpers.ts';

/**
 * A shared reading-room workstation: after one doctor logs out, nothing of theirs opens in the same
 * browser, neither from the history (Back) nor from the HTTP cache. Images are kept but revalidated
 * (`private, no-cache`), JSON is never stored (`no-store`), and logout's `Clear-Site-Data: "cache",
 * "storage"` drops what the browser kept. Before the fix, the image was `immutable` for a year and
 * opened from the cache after logout.
 */

const PATIENT_FILE = 'patient-jane-doe-chest.png';

/**
 * Whether the browser answers `url` from its HTTP cache alone, without asking the server: fetch's
 * `only-if-cached` mode returns a stored answer whatever its freshness, and fails when there is none.
 * Runs in an app page (same origin, `connect-src 'self'`).
 */
async function answersFromCache(page: Page, url: string): Promise<boolean> {
  // A string: the e2e TypeScript project has no DOM types.
  const probe = `fetch(${JSON.stringify(url)}, { cache: 'only-if-cached', mode: 'same-origin' })
    .then((answer) => answer.ok, () => false)`;
  return (await page.evaluate(probe)) as boolean;
}

/** Goes back in the history until the page is `url` (at most `steps` entries), returning its answer. */
async function backTo(page: Page, url: string, steps = 6) {
  for (let step = 0; step < steps; step++) {
    const answer = await page.goBack();
    if (new URL(page.url()).pathname === url) return answer;
  }
  throw new Error(`${url} is not in the history`);
}

test('after logout no patient image or JSON opens from the history or the cache', async ({
  page,
  request,
}) => {
  const doctor = await apiUser(request, 'Ewa', 'Nowak');
  const group = await call<{ id: number }>(request, doctor, 'post', '/api/groups', {
    data: { name: 'Reading room' },
  });
  const set = await call<{ id: number }>(request, doctor, 'post', `/api/groups/${group.id}/sets`, {
    data: { name: 'Chest', type: 'detection', package_size: 5 },
  });
  const uploaded = await call<{ created: { id: number }[] }>(
    request,
    doctor,
    'post',
    `/api/sets/${set.id}/samples`,
    {
      multipart: {
        files: { name: PATIENT_FILE, mimeType: 'image/png', buffer: makePng(96, 64, 3) },
      },
    },
  );
  const sampleId = uploaded.created[0]!.id;
  const imageUrl = `/api/samples/${sampleId}/image`;
  const jsonUrl = `/api/samples/${sampleId}`;

  await page.goto('/login');
  await page.getByLabel('E-mail').fill(doctor.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).not.toHaveURL(/\/login/);

  // The doctor opens the image and the sample's JSON: both are in the history now.
  const image = await page.goto(imageUrl);
  expect(image?.status()).toBe(200);
  expect(image?.headers()['content-type']).toBe('image/png');
  const json = await page.goto(jsonUrl);
  expect(json?.status()).toBe(200);
  expect(await page.content()).toContain(PATIENT_FILE);
  // Back in the app (API answers are sandboxed documents, whose fetches the CSP blocks), the probe
  // works: the image is in the cache (kept, revalidated), the JSON never is (no-store).
  await page.goto('/');
  const before = {
    image: await answersFromCache(page, imageUrl),
    json: await answersFromCache(page, jsonUrl),
  };

  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByText('You are logged out.')).toBeVisible();
  const after = {
    image: await answersFromCache(page, imageUrl),
    json: await answersFromCache(page, jsonUrl),
  };

  // Back through the history: each page asks the server, which knows nobody now.
  const jsonAgain = await backTo(page, jsonUrl);
  const jsonPage = {
    status: jsonAgain?.status(),
    showsThePatient: (await page.content()).includes(PATIENT_FILE),
  };
  const imageAgain = await backTo(page, imageUrl);
  const imagePage = {
    status: imageAgain?.status(),
    images: await page.locator('img').count(),
    refused: (await page.content()).includes('not_authenticated'),
  };

  // All at once, so a failure shows every way the browser still held the patient's data.
  expect({ before, after, jsonPage, imagePage }).toEqual({
    before: { image: true, json: false },
    after: { image: false, json: false },
    jsonPage: { status: 401, showsThePatient: false },
    imagePage: { status: 401, images: 0, refused: true },
  });
});
