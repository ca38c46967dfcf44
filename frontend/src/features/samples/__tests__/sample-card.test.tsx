// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Sample } from '../../../api/types.ts';
import { mockApi } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import { SampleCard } from '../components/sample-card.tsx';

const SAMPLE: Sample = {
  id: 7,
  set_id: 1,
  number: 1,
  package_id: 2,
  filename: 'chest.png',
  format: 'png',
  width: 64,
  height: 48,
  frames: 1,
  size_bytes: 1000,
  created_at: '2025-01-01T00:00:00Z',
  dicom: null,
  burned_in_annotation_risk: false,
  text_scan_status: 'done',
  suspected_text: false,
  pixel_revision: 0,
  files_missing: false,
};

function show(sample: Sample) {
  renderWithApp(<SampleCard sample={sample} canDelete={false} onDelete={() => undefined} />);
}

describe('SampleCard', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the thumbnail of a healthy sample', () => {
    show(SAMPLE);
    expect(screen.getByRole('img', { name: 'chest.png' })).toHaveAttribute(
      'src',
      expect.stringContaining('/api/samples/7/thumbnail'),
    );
    expect(screen.queryByRole('img', { name: 'Image missing' })).not.toBeInTheDocument();
  });

  it('says "Image missing" for a sample flagged as missing files, without asking for it', () => {
    const calls = mockApi({});
    show({ ...SAMPLE, files_missing: true });
    expect(screen.getByRole('img', { name: 'Image missing' })).toBeInTheDocument();
    expect(screen.queryByRole('img', { name: 'chest.png' })).not.toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('says "Image missing" rather than a broken picture when the API answers file_missing', async () => {
    mockApi({
      'GET /api/samples/7/thumbnail': {
        status: 404,
        body: { detail: 'gone', code: 'file_missing' },
      },
    });
    show(SAMPLE);
    fireEvent.error(screen.getByRole('img', { name: 'chest.png' }));
    expect(await screen.findByRole('img', { name: 'Image missing' })).toBeInTheDocument();
  });

  it('says "Image unavailable" when the picture failed for another reason', async () => {
    mockApi({
      'GET /api/samples/7/thumbnail': { status: 503, body: { code: 'storage_unavailable' } },
    });
    show(SAMPLE);
    fireEvent.error(screen.getByRole('img', { name: 'chest.png' }));
    expect(await screen.findByRole('img', { name: 'Image unavailable' })).toBeInTheDocument();
  });
});
