// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockApi } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import GroupSettingsTab from '../group-settings-tab.tsx';

const GROUP = {
  id: 7,
  name: 'Chest X-ray',
  description: '',
  join_code: 'CODE',
  member_count: 2,
  dicom_dates: 'remove',
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-01T00:00:00Z',
};

describe('GroupSettingsTab: DICOM dates', () => {
  it('shows the group’s choice and saves another one', async () => {
    const calls = mockApi({
      'GET /api/groups/7': { body: { ...GROUP, role: 'admin' } },
      'PATCH /api/groups/7': ({ body }) => ({
        body: { ...GROUP, role: 'admin', ...(body as object) },
      }),
    });
    renderWithApp(<GroupSettingsTab />, {
      path: '/groups/:groupId/settings',
      url: '/groups/7/settings',
    });
    const remove = await screen.findByRole('radio', { name: /Remove dates/ });
    expect(remove).toBeChecked();
    await userEvent.click(screen.getByRole('radio', { name: /Shift dates per patient/ }));
    await waitFor(() =>
      expect(calls.filter((call) => call.method === 'PATCH')[0]?.body).toEqual({
        dicom_dates: 'shift',
      }),
    );
    expect(await screen.findByRole('radio', { name: /Shift dates per patient/ })).toBeChecked();
  });

  it('is not offered to annotators', async () => {
    mockApi({ 'GET /api/groups/7': { body: { ...GROUP, role: 'annotator', join_code: null } } });
    renderWithApp(<GroupSettingsTab />, {
      path: '/groups/:groupId/settings',
      url: '/groups/7/settings',
    });
    expect(
      await screen.findByText("Only the group's admins change its settings"),
    ).toBeInTheDocument();
    expect(screen.queryByRole('radio', { name: /Shift dates/ })).not.toBeInTheDocument();
  });
});
