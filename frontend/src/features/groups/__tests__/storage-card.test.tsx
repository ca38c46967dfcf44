// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import { StorageCard } from '../components/storage-card.tsx';

describe('StorageCard', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows the group's bytes and lists the samples whose files are missing", async () => {
    mockApi({
      'GET /api/groups/3/storage': {
        body: {
          samples: 42,
          bytes: 5 * 1024 * 1024,
          missing: [{ sample_id: 9, set_id: 2, filename: 'chest.png' }],
        },
      },
    });
    renderWithApp(<StorageCard groupId={3} />);
    expect(await screen.findByText('42 samples · 5.0 MB on the server')).toBeInTheDocument();
    expect(screen.getByText('1 image missing')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'chest.png' })).toHaveAttribute('href', '/sets/2');
  });

  it('says nothing of missing files when there are none', async () => {
    mockApi({ 'GET /api/groups/3/storage': { body: { samples: 1, bytes: 2048, missing: [] } } });
    renderWithApp(<StorageCard groupId={3} />);
    expect(await screen.findByText('1 sample · 2.0 KB on the server')).toBeInTheDocument();
    expect(screen.queryByText(/missing/)).not.toBeInTheDocument();
  });
});
