import { expect, test, type Page } from '@playwright/test';
import { apiUser, call, makePng, PASSWORD } from './helpers.ts';

/** The set the browser is told holds this many images (the API's answers are rewritten below). */
const TOTAL = 100_000;

interface Sample {
  id: number;
  number: number;
  filename: string;
  [field: string]: unknown;
}

/** How many thumbnails the page holds, and the lowest and highest positions among them. */
async function cellsInPage(page: Page) {
  const positions = await page
    .getByTestId('sample-grid')
    .locator('[data-position]')
    .evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-position'))));
  return { count: positions.length, first: Math.min(...positions), last: Math.max(...positions) };
}

/** Scrolls the window by `step` px a frame for `frames` frames, in the page: the frame rate the
 * grid keeps while it scrolls (reported, not asserted: a busy machine paints slower). */
async function scrollFrames(page: Page, step: number, frames: number) {
  return (await page.evaluate(`new Promise((resolve) => {
    let left = ${frames};
    const started = performance.now();
    const next = () => {
      window.scrollBy(0, ${step});
      if (--left > 0) requestAnimationFrame(next);
      else resolve({ frames: ${frames}, ms: performance.now() - started });
    };
    requestAnimationFrame(next);
  })`)) as { frames: number; ms: number };
}

for (const size of [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
]) {
  test(`at ${size.width}×${size.height}, 100k samples scroll with a constant number of thumbnails in the page, and "go to #" jumps`, async ({
    page,
    request,
  }) => {
    await page.setViewportSize(size);
    const manager = await apiUser(request, 'Olga', 'Grid');
    const group = await call<{ id: number }>(request, manager, 'post', '/api/groups', {
      data: { name: 'Screening' },
    });
    const set = await call<{ id: number }>(
      request,
      manager,
      'post',
      `/api/groups/${group.id}/sets`,
      {
        data: { name: 'Mammography 2026', type: 'detection', package_size: 50 },
      },
    );
    const uploaded = await call<{ created: Sample[] }>(
      request,
      manager,
      'post',
      `/api/sets/${set.id}/samples`,
      { multipart: { files: { name: 'one.png', mimeType: 'image/png', buffer: makePng(64, 64) } } },
    );
    const real = uploaded.created[0]!;

    // The server holds one image; the browser is told of 100k, each page made from the real one
    // (its thumbnail is the real one's), so what is measured is the grid, not the server.
    const pagesAsked: number[] = [];
    await page.route(`**/api/sets/${set.id}/samples/count**`, async (route) => {
      const below = new URL(route.request().url()).searchParams.get('below_number');
      await route.fulfill({ json: { count: below ? Number(below) - 1 : TOTAL } });
    });
    await page.route(`**/api/sets/${set.id}/samples?**`, async (route) => {
      const query = new URL(route.request().url()).searchParams;
      const offset = Number(query.get('offset') ?? 0);
      const limit = Number(query.get('limit') ?? 100);
      pagesAsked.push(offset);
      const items = Array.from(
        { length: Math.max(0, Math.min(limit, TOTAL - offset)) },
        (_, i) => ({
          ...real,
          id: 1_000_000 + offset + i,
          number: offset + i + 1,
          filename: `mammo_${offset + i + 1}.png`,
        }),
      );
      await route.fulfill({ json: { items, next_cursor: null } });
    });
    await page.route(/\/api\/samples\/\d{7,}\/thumbnail/, (route) =>
      route.continue({
        url: route
          .request()
          .url()
          .replace(/\/samples\/\d+\//, `/samples/${real.id}/`),
      }),
    );

    await page.goto('/login');
    await page.getByLabel('E-mail').fill(manager.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).not.toHaveURL(/\/login/);
    await page.goto(`/sets/${set.id}/samples`);
    await expect(page.getByTestId('sample-total')).toContainText('100,000');
    await expect(page.getByRole('img', { name: 'mammo_1.png' })).toBeVisible();

    // The width is used: at least 7 thumbnails a row at 1366 px, 11 at 1920 px.
    const columns = await page
      .getByTestId('sample-grid')
      .locator('div:has(> [data-position="0"]) > [data-position]')
      .count();
    expect(columns).toBeGreaterThanOrEqual(size.width >= 1920 ? 11 : 7);

    const atTop = await cellsInPage(page);
    expect(atTop.first).toBe(0);
    // a page's worth of rows in view plus two above and below, never the 100k
    expect(atTop.count).toBeLessThanOrEqual(columns * 12);

    const scrolled = await scrollFrames(page, 1000, 40);
    const deep = await cellsInPage(page);
    expect(deep.first).toBeGreaterThan(atTop.last);
    expect(deep.count).toBeLessThanOrEqual(columns * 12);
    await expect(page.locator(`[data-position="${deep.first + columns * 2}"] img`)).toBeVisible();
    console.log(
      `grid at ${size.width}px: ${deep.count} cells in the page; ` +
        `${scrolled.frames} frames scrolled 1000 px each in ${Math.round(scrolled.ms)} ms ` +
        `(${Math.round((scrolled.frames * 1000) / scrolled.ms)} fps)`,
    );

    // "Go to #" brings image #73,210 into view; none of the pages between is asked for.
    const asked = pagesAsked.length;
    await page.getByLabel('Go to image number').fill('73210');
    await page.getByRole('button', { name: 'Go' }).click();
    const target = page.locator('[data-position="73209"]');
    await expect(target).toBeInViewport();
    await expect(target.getByRole('img', { name: 'mammo_73210.png' })).toBeVisible();
    const jumped = await cellsInPage(page);
    expect(jumped.count).toBeLessThanOrEqual(columns * 12);
    const between = pagesAsked
      .slice(asked)
      .filter((offset) => offset > deep.last && offset < 72_000);
    expect(between).toEqual([]);

    await page.getByLabel('Go to image number').fill('100001');
    await page.getByRole('button', { name: 'Go' }).click();
    await expect(page.getByText('No image from #100001 on')).toBeVisible();
  });
}
