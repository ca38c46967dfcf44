// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockApi, TEST_USER } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import PackagesTab from '../packages-tab.tsx';

const AT = '2025-01-01T00:00:00Z';
const SET = {
  id: 1,
  group_id: 7,
  name: 'Chest X-ray nodules',
  description: '',
  type: 'detection',
  package_size: 4,
  sample_count: 8,
  package_count: 2,
  created_at: AT,
  updated_at: AT,
};
const PACKAGES = [
  {
    id: 3,
    set_id: 1,
    number: 1,
    assignee_id: 2,
    assignee: { id: 2, name: 'Jan', surname: 'Nowak' },
    is_ready: false,
    status: 'in_progress',
    sample_count: 4,
    annotated_count: 1,
    created_at: AT,
    updated_at: AT,
  },
  {
    id: 4,
    set_id: 1,
    number: 2,
    assignee_id: null,
    assignee: null,
    is_ready: false,
    status: 'unassigned',
    sample_count: 4,
    annotated_count: 0,
    created_at: AT,
    updated_at: AT,
  },
];
const MEMBERS = [
  { user_id: 1, email: 'a@x.org', name: 'Anna', surname: 'Kowalska', title: null, role: 'admin' },
  { user_id: 2, email: 'j@x.org', name: 'Jan', surname: 'Nowak', title: null, role: 'annotator' },
].map((member) => ({ ...member, specialization: null, practice_start_year: null, joined_at: AT }));

function setup(role: 'admin' | 'annotator', meId: number, extra: Record<string, unknown> = {}) {
  const calls = mockApi({
    'GET /api/users/me': { body: { ...TEST_USER, id: meId } },
    'GET /api/sets/1': { body: SET },
    'GET /api/groups/7': {
      body: { id: 7, name: 'Radiology', description: '', role, join_code: null, created_at: AT },
    },
    'GET /api/groups/7/members': { body: { items: MEMBERS, next_cursor: null } },
    'GET /api/sets/1/packages': { body: { items: PACKAGES, next_cursor: null } },
    ...extra,
  });
  renderWithApp(<PackagesTab />, { path: '/sets/:setId/packages', url: '/sets/1/packages' });
  return calls;
}

describe('PackagesTab', () => {
  it('hides the assignee picker and delete from annotators, who may mark only their own package ready', async () => {
    setup('annotator', 2);
    const row = await screen.findByTestId('package-row-3');
    expect(within(row).getByText('Jan Nowak')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: /Assignee of package/ })).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/Assignee of package/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Delete package/ })).not.toBeInTheDocument();
    expect(screen.getByRole('switch', { name: 'Package 1 ready' })).toBeInTheDocument();
    expect(screen.queryByRole('switch', { name: 'Package 2 ready' })).not.toBeInTheDocument();
    // The status badge and the assignee cell.
    expect(within(screen.getByTestId('package-row-4')).getAllByText('Unassigned')).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Claim next package' })).toBeInTheDocument();
  });

  it('gives admins an assignee picker per package and assigns at once', async () => {
    const user = userEvent.setup();
    const assigned = {
      ...PACKAGES[1]!,
      assignee_id: 2,
      assignee: { id: 2, name: 'Jan', surname: 'Nowak' },
      status: 'in_progress',
    };
    let packages: unknown[] = PACKAGES;
    const calls = setup('admin', 1, {
      'GET /api/sets/1/packages': () => ({ body: { items: packages, next_cursor: null } }),
      'PATCH /api/packages/4': () => {
        packages = [PACKAGES[0], assigned];
        return { body: assigned };
      },
    });
    const picker = await screen.findByRole('textbox', { name: 'Assignee of package 2' });
    expect(screen.getByRole('textbox', { name: 'Assignee of package 1' })).toHaveValue('Jan Nowak');
    expect(screen.getAllByRole('button', { name: /Delete package/ })).toHaveLength(2);
    await user.click(picker);
    const listbox = await screen.findByRole('listbox', {
      name: 'Assignee of package 2',
      hidden: true,
    });
    await user.click(within(listbox).getByRole('option', { name: 'Jan Nowak', hidden: true }));
    await waitFor(() =>
      expect(calls.find((call) => call.method === 'PATCH')?.body).toEqual({ assignee_id: 2 }),
    );
    await waitFor(() =>
      expect(
        within(screen.getByTestId('package-row-4')).getByText('In progress'),
      ).toBeInTheDocument(),
    );
  });

  it('asks before handing a ready package on, and says its readings stay ready', async () => {
    const user = userEvent.setup();
    const ready = { ...PACKAGES[0]!, is_ready: true, status: 'ready' };
    const calls = setup('admin', 1, {
      'GET /api/sets/1/packages': { body: { items: [ready, PACKAGES[1]], next_cursor: null } },
      'PATCH /api/packages/3': { body: { ...ready, assignee_id: 1 } },
    });
    await user.click(await screen.findByRole('textbox', { name: 'Assignee of package 1' }));
    const listbox = await screen.findByRole('listbox', {
      name: 'Assignee of package 1',
      hidden: true,
    });
    await user.click(within(listbox).getByRole('option', { name: 'Anna Kowalska', hidden: true }));
    const dialog = await screen.findByRole('dialog', { name: 'Hand package #1 to Anna Kowalska?' });
    expect(dialog).toHaveTextContent('stays ready: Jan Nowak’s readings stay finished');
    expect(calls.some((call) => call.method === 'PATCH')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Hand it over' }));
    await waitFor(() =>
      expect(calls.find((call) => call.method === 'PATCH')?.body).toEqual({ assignee_id: 1 }),
    );
  });

  it('asks before reopening a ready package', async () => {
    const user = userEvent.setup();
    const ready = { ...PACKAGES[0]!, is_ready: true, status: 'ready' };
    const calls = setup('admin', 1, {
      'GET /api/sets/1/packages': { body: { items: [ready], next_cursor: null } },
      'PATCH /api/packages/3': { body: { ...ready, is_ready: false, status: 'in_progress' } },
    });
    await user.click(await screen.findByRole('switch', { name: 'Package 1 ready' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reopen package #1?' });
    expect(dialog).toHaveTextContent('leave the default (ready-only) export');
    await user.click(within(dialog).getByRole('button', { name: 'Reopen' }));
    await waitFor(() =>
      expect(calls.find((call) => call.method === 'PATCH')?.body).toEqual({ is_ready: false }),
    );
  });
});
