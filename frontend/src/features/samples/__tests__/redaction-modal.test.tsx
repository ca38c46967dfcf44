// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Sample, TextRegions } from '../../../api/types.ts';
import { mockApi } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import { RedactionModal } from '../components/redaction-modal.tsx';

const SAMPLE: Sample = {
  id: 5,
  set_id: 1,
  number: 1,
  package_id: 2,
  filename: 'us.dcm',
  format: 'dicom',
  width: 640,
  height: 480,
  frames: 1,
  size_bytes: 1000,
  created_at: '2025-01-01T00:00:00Z',
  dicom: null,
  burned_in_annotation_risk: true,
  text_scan_status: 'done',
  suspected_text: true,
  pixel_revision: 0,
  files_missing: false,
};
const FOUND: TextRegions = {
  status: 'done',
  suspected_text: true,
  regions: [
    { id: 1, x: 8, y: 9, width: 166, height: 16, text: 'DOE^JANE ID 12345678', confidence: 0.95 },
    { id: 2, x: 437, y: 8, width: 117, height: 17, text: '2024-03-05 14:22', confidence: 0.96 },
  ],
};

function setup(regions: TextRegions) {
  const calls = mockApi({
    'GET /api/samples/5/text-regions': { body: regions },
    'POST /api/samples/5/mask': {
      body: { ...SAMPLE, pixel_revision: 1, text_scan_status: 'pending' },
    },
  });
  renderWithApp(<RedactionModal sample={SAMPLE} onClose={() => undefined} />);
  return calls;
}

describe('RedactionModal', () => {
  it('outlines what OCR found and masks it once confirmed', async () => {
    const calls = setup(FOUND);
    expect(await screen.findByText('OCR found 2 lines of text (outlined).')).toBeInTheDocument();
    expect(screen.getAllByTestId('text-region')).toHaveLength(2);
    expect(screen.getByText(/OCR is a help, not a guarantee/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Apply 0 masks' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Mask all found text' }));
    expect(screen.getAllByTestId('mask')).toHaveLength(2);
    await userEvent.click(screen.getByRole('button', { name: 'Apply 2 masks' }));
    const dialog = await screen.findByRole('dialog', { name: 'Mask the image for good?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Mask' }));

    await waitFor(() => expect(calls.some((call) => call.method === 'POST')).toBe(true));
    const post = calls.find((call) => call.method === 'POST');
    expect(post?.body).toEqual({
      regions: FOUND.regions.map(({ x, y, width, height }) => ({ x, y, width, height })),
    });
    expect(
      await screen.findByText('Masked. The image is being scanned again.'),
    ).toBeInTheDocument();
    const image = screen.getByTestId('mask-canvas').querySelector('image');
    expect(image?.getAttribute('href')).toBe('/api/samples/5/image?v=1'); // past the browser's cache
  });

  it('draws a mask by dragging on the image', async () => {
    setup({ status: 'done', suspected_text: false, regions: [] });
    expect(await screen.findByText('OCR found no text in this image.')).toBeInTheDocument();
    const canvas = screen.getByTestId('mask-canvas');
    canvas.getBoundingClientRect = () => ({ left: 0, top: 0, width: 320, height: 240 }) as DOMRect;
    fireEvent.pointerDown(canvas, { clientX: 10, clientY: 10, pointerId: 1 });
    fireEvent.pointerMove(canvas, { clientX: 60, clientY: 30, pointerId: 1 });
    fireEvent.pointerUp(canvas, { clientX: 60, clientY: 30, pointerId: 1 });
    const [mask] = screen.getAllByTestId('mask');
    const rect = mask!.querySelector('rect')!;
    expect([rect.getAttribute('x'), rect.getAttribute('width')]).toEqual(['20', '100']);
    expect(screen.getByRole('button', { name: 'Apply 1 mask' })).toBeEnabled();
  });

  it('says when the server does not run OCR', async () => {
    setup({ status: 'not_scanned', suspected_text: false, regions: [] });
    expect(await screen.findByText('Not scanned: OCR is off on this server.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Mask all found text' })).toBeDisabled();
  });
});
