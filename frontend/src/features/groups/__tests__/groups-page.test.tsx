// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockApi } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import GroupsPage from '../groups-page.tsx';

function group(id: number, name: string, role: 'admin' | 'annotator', created_at: string) {
  return {
    id,
    name,
    role,
    created_at,
    updated_at: created_at,
    description: '',
    join_code: role === 'admin' ? 'CODE' : null,
    member_count: 3,
  };
}

describe('GroupsPage', () => {
  it('says what to do when I am in no group', async () => {
    mockApi({ 'GET /api/groups': { body: { items: [], next_cursor: null } } });
    renderWithApp(<GroupsPage />, { path: '/groups' });
    expect(await screen.findByText('You are not in any group yet')).toBeInTheDocument();
    expect(screen.getByText(/Join your team with the code/)).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Join with a code' }).length).toBeGreaterThan(0);
  });

  it('lists my groups with my role, searchable and sortable', async () => {
    mockApi({
      'GET /api/groups': {
        body: {
          items: [
            group(1, 'Neuro CT', 'annotator', '2025-03-01T00:00:00Z'),
            group(2, 'Chest X-ray', 'admin', '2025-01-01T00:00:00Z'),
          ],
          next_cursor: null,
        },
      },
    });
    renderWithApp(<GroupsPage />, { path: '/groups' });
    const chest = await screen.findByRole('link', { name: 'Chest X-ray' });
    const rows = screen.getAllByRole('row').slice(1);
    expect(within(rows[0]!).getByRole('link')).toHaveTextContent('Chest X-ray');
    expect(within(chest.closest('tr')!).getByText('Admin')).toBeInTheDocument();
    const neuro = screen.getByRole('link', { name: 'Neuro CT' });
    expect(within(neuro.closest('tr')!).getByText('Annotator')).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Search groups'), 'neuro');
    expect(screen.queryByRole('link', { name: 'Chest X-ray' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Neuro CT' })).toBeInTheDocument();
  });

  it('shows why a join code was refused, next to the code', async () => {
    mockApi({
      'GET /api/groups': { body: { items: [], next_cursor: null } },
      'POST /api/groups/join': { status: 404, body: { detail: 'Not found.', code: 'not_found' } },
    });
    renderWithApp(<GroupsPage />, { path: '/groups' });
    await userEvent.click((await screen.findAllByRole('button', { name: 'Join with a code' }))[0]!);
    await userEvent.type(await screen.findByLabelText(/Join code/), 'NOPE');
    await userEvent.click(screen.getByRole('button', { name: 'Join' }));
    expect(await screen.findByText(/No group has this code/)).toBeInTheDocument();
  });
});
