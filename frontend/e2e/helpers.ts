import { deflateSync } from 'node:zlib';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

const here = path.dirname(fileURLToPath(import.meta.url));

export const PASSWORD = 'correct horse battery staple';

/** pydicom's small CT slice (128 x 128, signed, with a rescale to Hounsfield units). */
export const CT_SMALL = path.resolve(
  here,
  '../../backend/.venv/lib/python3.11/site-packages/pydicom/data/test_files/CT_small.dcm',
);

/** Where the tests keep the screenshots of the main screens (copied to docs/screenshots by hand). */
export function screenshotPath(name: string): string {
  const dir = path.resolve(here, '../test-results/screens');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}

/** A unique e-mail per run, so reruns against one server never collide. */
export function uniqueEmail(who: string): string {
  return `${who}.${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}@example.org`;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A tiny grayscale PNG encoder: a smooth gradient with a bright disc, `width` x `height`. */
export function makePng(width: number, height: number, seed = 1): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(width + 1); // filter byte 0, then one byte per pixel
    for (let x = 0; x < width; x++) {
      const dx = x - width * 0.6;
      const dy = y - height * 0.4;
      const disc = dx * dx + dy * dy < (Math.min(width, height) * 0.15) ** 2 ? 120 : 0;
      row[x + 1] = Math.min(255, Math.round(((x + y * seed) / (width + height)) * 120) + disc);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // grayscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface ApiUser {
  id: number;
  email: string;
  name: string;
  surname: string;
  headers: Record<string, string>;
}

/** Registers and logs in through the API; the returned bearer headers need no CSRF token. */
export async function apiUser(
  request: APIRequestContext,
  name: string,
  surname: string,
  email = uniqueEmail(name.toLowerCase()),
): Promise<ApiUser> {
  const registered = await request.post('/api/auth/register', {
    data: { email, password: PASSWORD, name, surname, title: 'Dr.' },
  });
  expect(registered.status(), await registered.text()).toBe(201);
  const login = await request.post('/api/auth/login', { data: { email, password: PASSWORD } });
  expect(login.ok()).toBeTruthy();
  const body = (await login.json()) as { access_token: string; user: { id: number } };
  // The login also set cookies on this request context; bearer auth is what these calls use.
  return {
    id: body.user.id,
    email,
    name,
    surname,
    headers: { Authorization: `Bearer ${body.access_token}` },
  };
}

/** Calls the API as `user` and returns the JSON answer, failing the test on an error status. */
export async function call<T>(
  request: APIRequestContext,
  user: ApiUser,
  method: 'get' | 'post' | 'put' | 'patch' | 'delete',
  url: string,
  options: Parameters<APIRequestContext['post']>[1] = {},
): Promise<T> {
  const response = await request[method](url, {
    ...options,
    headers: { ...user.headers, ...(options.headers ?? {}) },
  });
  expect(response.ok(), `${method.toUpperCase()} ${url}: ${await response.text()}`).toBeTruthy();
  return (response.status() === 204 ? null : await response.json()) as T;
}

/** Signs up through the register page and waits for the app. */
export async function registerInUi(
  page: Page,
  user: { name: string; surname: string; email: string },
): Promise<void> {
  await page.goto('/register');
  await page.getByLabel('First name').fill(user.name);
  await page.getByLabel('Surname').fill(user.surname);
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
  await page.getByLabel('Repeat the password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).not.toHaveURL(/\/register/);
}
