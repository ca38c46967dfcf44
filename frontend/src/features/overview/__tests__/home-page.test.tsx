// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, TEST_USER } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import HomePage from '../../../app/home-page.tsx';

const LUNGS = {
  set_id: 5,
  name: 'Lungs 2025',
  type: 'detection',
  samples: 200,
  annotated_samples: 50,
  packages: { unassigned: 3, in_progress: 4, ready: 2 },
  stalled: [
    {
      package_id: 41,
      set_id: 5,
      number: 7,
      assignee_id: 2,
      assignee_name: 'Dr. Nowak',
      last_activity_at: '2025-03-01T10:00:00Z',
    },
  ],
  tentative_samples: 1,
  bad_quality_samples: 0,
  suspected_text_samples: 3,
  missing_files_samples: 0,
};

const DONE = {
  ...LUNGS,
  set_id: 6,
  name: 'Knees',
  type: 'classification',
  annotated_samples: 200,
  packages: { unassigned: 0, in_progress: 0, ready: 0 },
  stalled: [],
  tentative_samples: 0,
  suspected_text_samples: 0,
};

describe('HomePage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows a manager their groups' progress and links to what needs them", async () => {
    mockApi({
      'GET /api/users/me': { body: TEST_USER },
      'GET /api/overview': {
        body: {
          stalled_after_days: 3,
          groups: [
            { group_id: 7, name: 'Chest X-ray', sets: [LUNGS, DONE] },
            { group_id: 8, name: 'New group', sets: [] },
          ],
        },
      },
    });
    renderWithApp(<HomePage />);
    expect(await screen.findByText('4 things in your groups need you.')).toBeInTheDocument();

    const lungs = screen.getByTestId('set-overview-5');
    expect(within(lungs).getByText('4 to look at')).toBeInTheDocument();
    expect(within(lungs).getByLabelText('Lungs 2025: 25% read')).toBeInTheDocument();
    expect(
      within(lungs).getByRole('link', { name: '2 packages marked ready: review or export' }),
    ).toHaveAttribute('href', '/sets/5/packages');
    expect(
      within(lungs).getByRole('link', { name: /Package #7 with Dr. Nowak: no save since/ }),
    ).toHaveAttribute('href', '/sets/5/packages');
    expect(within(lungs).getByRole('link', { name: '1 image tentative' })).toHaveAttribute(
      'href',
      '/sets/5/samples?tentative=true',
    );
    expect(
      within(lungs).getByRole('link', { name: '3 images with text in the pixels' }),
    ).toHaveAttribute('href', '/sets/5/samples?suspected_text=true');

    const knees = screen.getByTestId('set-overview-6');
    expect(within(knees).getByText('Nothing needs you here.')).toBeInTheDocument();
    expect(within(screen.getByTestId('group-overview-8')).getByText('No sets yet')).toBeVisible();
    expect(screen.getByRole('link', { name: 'My own packages' })).toHaveAttribute('href', '/work');
    expect(screen.queryByText('No packages yet')).not.toBeInTheDocument();
  });

  it('shows a doctor (who manages no group) their own work', async () => {
    mockApi({
      'GET /api/users/me': { body: TEST_USER },
      'GET /api/overview': { body: { stalled_after_days: 3, groups: [] } },
      'GET /api/packages': { body: { items: [], next_cursor: null } },
    });
    renderWithApp(<HomePage />);
    expect(await screen.findByText('No packages yet')).toBeInTheDocument();
    expect(screen.queryByText(/need you/)).not.toBeInTheDocument();
  });
});
