// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockApi, TEST_USER } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import MembersTab from '../members-tab.tsx';

const MEMBERS = [
  {
    user_id: 1,
    email: 'anna@example.org',
    name: 'Anna',
    surname: 'Kowalska',
    title: 'Dr.',
    specialization: 'Radiology',
    practice_start_year: 2010,
    role: 'admin',
    joined_at: '2025-01-01T00:00:00Z',
  },
  {
    user_id: 2,
    email: 'jan@example.org',
    name: 'Jan',
    surname: 'Nowak',
    title: null,
    specialization: 'Pulmonology',
    practice_start_year: null,
    role: 'annotator',
    joined_at: '2025-02-01T00:00:00Z',
  },
];

function api(role: 'admin' | 'annotator', extra: Record<string, unknown> = {}) {
  return mockApi({
    'GET /api/users/me': { body: role === 'admin' ? TEST_USER : { ...TEST_USER, id: 2 } },
    'GET /api/groups/7': {
      body: {
        id: 7,
        name: 'Chest X-ray',
        description: '',
        role,
        join_code: role === 'admin' ? 'JOIN-ME-123' : null,
        member_count: 2,
        created_at: '2025-01-01T00:00:00Z',
        updated_at: '2025-01-01T00:00:00Z',
      },
    },
    'GET /api/groups/7/members': { body: { items: MEMBERS, next_cursor: null } },
    ...extra,
  });
}

const options = { path: '/groups/:groupId/members', url: '/groups/7/members' };

describe('MembersTab', () => {
  it('hides role selects, removal and the join code from annotators', async () => {
    api('annotator');
    renderWithApp(<MembersTab />, options);
    expect(await screen.findByText('Jan Nowak')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: /Role of/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Remove/ })).not.toBeInTheDocument();
    expect(screen.queryByText('JOIN-ME-123')).not.toBeInTheDocument();
    expect(screen.getByText('Admin')).toBeInTheDocument();
    expect(screen.getByText('Annotator')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Leave group' })).toBeInTheDocument();
  });

  it('lets admins change roles, remove members and copy the join code', async () => {
    api('admin');
    renderWithApp(<MembersTab />, options);
    expect(await screen.findByRole('textbox', { name: 'Role of Jan Nowak' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Role of Anna Kowalska' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Remove Jan Nowak' })).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Remove Dr. Anna Kowalska' }),
    ).not.toBeInTheDocument();
    expect(screen.getByTestId('join-code')).toHaveTextContent('JOIN-ME-123');
    expect(screen.getByRole('button', { name: 'Copy the join code' })).toBeInTheDocument();
    expect(screen.getByText(`${new Date().getFullYear() - 2010} years`)).toBeInTheDocument();
  });

  it("shows the API's refusal to demote the last admin next to the select", async () => {
    const calls = api('admin', {
      'PATCH /api/groups/7/members/1': {
        status: 409,
        body: { detail: 'The group needs at least one admin.', code: 'last_admin' },
      },
    });
    document.cookie = 'tagmedx_csrf=csrf-123; path=/';
    renderWithApp(<MembersTab />, options);
    await userEvent.click(await screen.findByRole('textbox', { name: 'Role of Anna Kowalska' }));
    const listbox = await screen.findByRole('listbox', {
      name: 'Role of Anna Kowalska',
      hidden: true,
    });
    await userEvent.click(within(listbox).getByRole('option', { name: 'Annotator', hidden: true }));
    expect(await screen.findByText('The group needs at least one admin.')).toBeInTheDocument();
    const patch = calls.find((call) => call.method === 'PATCH');
    expect(patch?.body).toEqual({ role: 'annotator' });
    expect(patch?.headers.get('X-CSRF-Token')).toBe('csrf-123');
  });
});
