// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockApi } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import { ExportMenu } from '../components/export-menu.tsx';

const CHECKED = { file_name: 'Chest-coco-ready.json', media_type: 'application/json' };
// The popover's content counts as hidden while Mantine's transition runs, which never ends in jsdom.
const HIDDEN = { hidden: true } as const;

describe('ExportMenu', () => {
  let downloads: string[];

  beforeEach(() => {
    downloads = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      downloads.push(this.href);
    });
  });
  afterEach(() => vi.restoreAllMocks());

  async function open(setType: 'detection' | 'classification') {
    const user = userEvent.setup();
    renderWithApp(<ExportMenu setId={7} setType={setType} />);
    await user.click(screen.getByRole('button', { name: 'Export' }));
    return user;
  }

  it('downloads the images too when asked, after the API agreed', async () => {
    const calls = mockApi({ 'GET /api/sets/7/export/check': { body: CHECKED } });
    const user = await open('detection');
    await user.click(await screen.findByRole('checkbox', { name: /Include images/, ...HIDDEN }));
    await user.click(screen.getByRole('radio', { name: 'Everything', ...HIDDEN }));
    await user.click(screen.getByRole('button', { name: /Pascal VOC/, ...HIDDEN }));
    await vi.waitFor(() => expect(downloads).toHaveLength(1));
    const url = new URL(downloads[0] ?? '');
    expect(url.pathname).toBe('/api/sets/7/export');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      format: 'voc',
      scope: 'all',
      images: 'true',
    });
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'GET /api/sets/7/export/check',
    ]);
    const checked = vi.mocked(fetch).mock.calls[0]?.[0] as Request;
    expect(new URL(checked.url).searchParams.get('images')).toBe('true');
  });

  it('offers only COCO and CSV for a classification set', async () => {
    mockApi({});
    await open('classification');
    expect(await screen.findByRole('button', { name: /COCO/, ...HIDDEN })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /CSV/, ...HIDDEN })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /YOLO/, ...HIDDEN })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Pascal VOC/, ...HIDDEN })).not.toBeInTheDocument();
  });

  it('shows a refused export on the page and downloads nothing', async () => {
    mockApi({
      'GET /api/sets/7/export/check': {
        status: 422,
        body: {
          detail: 'YOLO and Pascal VOC describe boxes: export a classification set as COCO or CSV.',
          code: 'format_needs_detection_set',
        },
      },
    });
    const user = await open('detection');
    await user.click(await screen.findByRole('button', { name: /YOLO/, ...HIDDEN }));
    expect(await screen.findByRole('alert', HIDDEN)).toHaveTextContent(
      'YOLO and Pascal VOC describe boxes',
    );
    expect(downloads).toEqual([]);
  });

  it('shows a lost permission instead of a broken download', async () => {
    mockApi({
      'GET /api/sets/7/export/check': {
        status: 403,
        body: { detail: 'Only the group’s admins may do this.', code: 'forbidden' },
      },
    });
    const user = await open('detection');
    await user.click(await screen.findByRole('button', { name: /COCO/, ...HIDDEN }));
    expect(await screen.findByRole('alert', HIDDEN)).toHaveTextContent(
      'Only the group’s admins may do this.',
    );
    expect(downloads).toEqual([]);
  });
});
