// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { mockApi } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import AuditTab from '../audit-tab.tsx';

const GROUP = {
  id: 7,
  name: 'Chest X-ray',
  description: '',
  join_code: 'JOIN-ME-123',
  member_count: 2,
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-01T00:00:00Z',
};

const MEMBERS = [
  {
    user_id: 1,
    email: 'anna@example.org',
    name: 'Anna',
    surname: 'Kowalska',
    title: null,
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
    specialization: null,
    practice_start_year: null,
    role: 'annotator',
    joined_at: '2025-02-01T00:00:00Z',
  },
];

const ANNA = { email: 'anna@example.org', name: 'Anna', surname: 'Kowalska' };

const EVENTS = [
  {
    id: 30,
    at: '2025-03-12T13:05:33Z',
    user_id: 1,
    user: ANNA,
    action: 'member.role_change',
    object_type: 'user',
    object_id: 2,
    detail: { from: 'annotator', to: 'admin' },
  },
  {
    id: 29,
    at: '2025-03-12T12:00:00Z',
    user_id: 1,
    user: ANNA,
    action: 'set.update',
    object_type: 'set',
    object_id: 5,
    detail: { before: { name: 'Lungs' }, after: { name: 'Lungs 2025' } },
  },
  {
    id: 28,
    at: '2025-03-11T09:00:00Z',
    user_id: 1,
    user: ANNA,
    action: 'set.export',
    object_type: 'set',
    object_id: 5,
    detail: { format: 'coco', scope: 'ready' },
  },
  {
    id: 27,
    at: '2025-03-10T09:00:00Z',
    user_id: 2,
    user: null,
    action: 'package.assign',
    object_type: 'package',
    object_id: 12,
    detail: { assignee_id: 2, previous_assignee_id: null },
  },
];

const SET = {
  id: 5,
  group_id: 7,
  name: 'Lungs 2025',
  description: '',
  type: 'detection',
  package_size: 20,
  created_at: '2025-01-01T00:00:00Z',
};

/** The mocked API plus every request's full URL (mockApi keys routes by path only). */
function serve(role: 'admin' | 'annotator', events = EVENTS, nextCursor: string | null = null) {
  const calls = mockApi({
    'GET /api/groups/7': { body: { ...GROUP, role, join_code: role === 'admin' ? 'X' : null } },
    'GET /api/groups/7/members': { body: { items: MEMBERS, next_cursor: null } },
    'GET /api/groups/7/sets': { body: { items: [SET], next_cursor: null } },
    'GET /api/groups/7/audit': { body: { items: events, next_cursor: nextCursor } },
    'GET /api/groups/7/audit/image-views': {
      body: {
        items: [
          { id: 3, user_id: 2, day: '2025-03-12', count: 40 },
          { id: 2, user_id: 1, day: '2025-03-11', count: 7 },
        ],
        next_cursor: null,
      },
    },
  });
  const inner = globalThis.fetch;
  const urls: URL[] = [];
  vi.stubGlobal('fetch', (input: Request | string, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    urls.push(url);
    if (url.searchParams.get('cursor')) {
      // The next page: one older event, and no more after it.
      const older = { ...EVENTS[3]!, id: 1, action: 'set.create', detail: { name: 'Lungs' } };
      const body = JSON.stringify({ items: [older], next_cursor: null });
      return Promise.resolve(
        new Response(body, { headers: { 'Content-Type': 'application/json' } }),
      );
    }
    return inner(request);
  });
  const auditQueries = () =>
    urls.filter((url) => url.pathname === '/api/groups/7/audit').map((url) => url.searchParams);
  return { calls, urls, auditQueries };
}

const options = { path: '/groups/:groupId/audit', url: '/groups/7/audit?view=events' };

describe('AuditTab', () => {
  it('lists events newest first with who, a readable action, the object and the change', async () => {
    serve('admin');
    renderWithApp(<AuditTab />, options);
    const rows = await screen.findAllByTestId('audit-row');
    expect(rows).toHaveLength(4);

    const role = within(rows[0]!);
    expect(role.getByText('Anna Kowalska')).toBeInTheDocument();
    expect(role.getByText('anna@example.org')).toBeInTheDocument();
    expect(role.getByText('Changed role')).toBeInTheDocument();
    expect(role.getByText('Jan Nowak')).toBeInTheDocument();
    expect(role.getByText('annotator')).toBeInTheDocument();
    expect(role.getByText('admin')).toBeInTheDocument();
    expect(rows[0]).toHaveTextContent('role: annotator → admin');
    expect(role.getByText((_, node) => node?.tagName === 'TIME')).toHaveAttribute(
      'datetime',
      '2025-03-12T13:05:33Z',
    );

    expect(rows[1]).toHaveTextContent('Changed set');
    expect(within(rows[1]!).getByRole('link', { name: 'Set “Lungs 2025”' })).toHaveAttribute(
      'href',
      '/sets/5',
    );
    expect(rows[1]).toHaveTextContent('name: Lungs → Lungs 2025');
    expect(rows[2]).toHaveTextContent('Exported set');
    expect(rows[2]).toHaveTextContent('format: coco');
    expect(rows[3]).toHaveTextContent('Assigned package');
    expect(rows[3]).toHaveTextContent('Package #12');
    expect(rows[3]).toHaveTextContent('assignee: Jan Nowak');
    expect(rows[3]).toHaveTextContent('previous assignee: nobody');
    expect(rows[3]).toHaveTextContent('Deleted account #2');

    expect(screen.queryByRole('button', { name: /delete|edit|remove/i })).not.toBeInTheDocument();
    expect(screen.getByText('Showing 4 events (all)')).toBeInTheDocument();
  });

  it('shows the time in UTC on hover', async () => {
    serve('admin');
    renderWithApp(<AuditTab />, options);
    const [first] = await screen.findAllByTestId('audit-row');
    const time = within(first!).getByText((_, node) => node?.tagName === 'TIME');
    await userEvent.hover(time);
    expect(await screen.findByText('2025-03-12 13:05:33 UTC')).toBeInTheDocument();
  });

  it('sends the member, action and dates to the API, and follows next_cursor', async () => {
    const { auditQueries } = serve('admin', EVENTS, 'cursor-2');
    renderWithApp(<AuditTab />, options);
    await screen.findAllByTestId('audit-row');
    expect(auditQueries()[0]?.get('user_id')).toBeNull();

    await userEvent.click(screen.getByRole('textbox', { name: 'Member' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Jan Nowak', hidden: true }));
    await waitFor(() => expect(auditQueries().at(-1)?.get('user_id')).toBe('2'));

    await userEvent.click(screen.getByRole('textbox', { name: 'Action' }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'All member actions', hidden: true }),
    );
    await waitFor(() => expect(auditQueries().at(-1)?.get('action')).toBe('member.'));

    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2025-03-01' } });
    await waitFor(() =>
      expect(auditQueries().at(-1)?.get('since')).toBe(
        new Date('2025-03-01T00:00:00').toISOString(),
      ),
    );
    fireEvent.change(screen.getByLabelText('Until'), { target: { value: '2025-03-31' } });
    await waitFor(() =>
      expect(auditQueries().at(-1)?.get('until')).toBe(
        new Date('2025-03-31T23:59:59.999').toISOString(),
      ),
    );
    const last = auditQueries().at(-1)!;
    expect(last.get('user_id')).toBe('2');
    expect(last.get('action')).toBe('member.');

    await userEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(auditQueries().at(-1)?.get('cursor')).toBe('cursor-2'));
    expect(auditQueries().at(-1)?.get('user_id')).toBe('2');
    const table = screen.getByRole('table', { name: 'Audit trail' });
    expect(await within(table).findByText('Created set')).toBeInTheDocument();
    expect(screen.getAllByTestId('audit-row')).toHaveLength(5);
    expect(screen.getByText('Showing 5 events (all)')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('says what to do when nothing is recorded, and when filters match nothing', async () => {
    serve('admin', []);
    const { router } = renderWithApp(<AuditTab />, options);
    expect(await screen.findByText('Nothing recorded yet')).toBeInTheDocument();
    await router.navigate('/groups/7/audit?view=events&action=box.');
    expect(await screen.findByText('No events match these filters')).toBeInTheDocument();
    await userEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!);
    expect(await screen.findByText('Nothing recorded yet')).toBeInTheDocument();
  });

  it('shows the API refusal of a time range next to the filters', async () => {
    mockApi({
      'GET /api/groups/7': { body: { ...GROUP, role: 'admin' } },
      'GET /api/groups/7/members': { body: { items: MEMBERS, next_cursor: null } },
      'GET /api/groups/7/sets': { body: { items: [], next_cursor: null } },
      'GET /api/groups/7/audit': {
        status: 400,
        body: { detail: '`since` must not be later than `until`.', code: 'bad_time_range' },
      },
    });
    renderWithApp(<AuditTab />, options);
    expect(await screen.findByText('`since` must not be later than `until`.')).toBeInTheDocument();
  });

  it('counts images opened per member and day', async () => {
    const { urls } = serve('admin');
    renderWithApp(<AuditTab />, { ...options, url: '/groups/7/audit?view=views&from=2025-03-01' });
    const rows = await screen.findAllByTestId('image-views-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Jan Nowak');
    expect(rows[0]).toHaveTextContent('40');
    expect(rows[1]).toHaveTextContent('Anna Kowalska');
    const views = urls.find((url) => url.pathname === '/api/groups/7/audit/image-views');
    expect(views?.searchParams.get('since')).toBe('2025-03-01');
    expect(screen.queryByRole('textbox', { name: 'Action' })).not.toBeInTheDocument();
  });

  it('shows annotators nothing and never asks the API for the trail', async () => {
    const { urls } = serve('annotator');
    renderWithApp(<AuditTab />, options);
    expect(
      await screen.findByText("Only the group's admins can read its audit trail"),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('audit-row')).not.toBeInTheDocument();
    expect(urls.some((url) => url.pathname.includes('/audit'))).toBe(false);
    expect(urls.some((url) => url.pathname.endsWith('/sets'))).toBe(false);
  });

  it('tells the trail as a story by default: autosaves of one reading in one entry', async () => {
    serve('admin');
    const asked: URL[] = [];
    vi.stubGlobal(
      'fetch',
      ((inner) => (input: Request | string, init?: RequestInit) => {
        const request = input instanceof Request ? input : new Request(input, init);
        const url = new URL(request.url);
        if (url.pathname !== '/api/groups/7/audit/story') return inner(request);
        asked.push(url);
        const entry = {
          id: 40,
          first_event_id: 31,
          at: '2025-03-12T14:20:00Z',
          started_at: '2025-03-12T14:02:00Z',
          events: 9,
          action: 'examination.save',
          text: 'Anna Kowalska read chest_012.dcm: 2 boxes, Nodule, Mass',
          user_id: 1,
          user: ANNA,
          object_type: 'examination',
          object_id: 3,
          set_id: 5,
          package_id: 12,
          sample_id: 88,
        };
        const body = JSON.stringify({ items: [entry], next_cursor: null });
        return Promise.resolve(
          new Response(body, { headers: { 'Content-Type': 'application/json' } }),
        );
      })(globalThis.fetch),
    );
    renderWithApp(<AuditTab />, { ...options, url: '/groups/7/audit?user=1' });
    const entry = await screen.findByTestId('story-entry');
    expect(
      within(entry).getByRole('link', {
        name: 'Anna Kowalska read chest_012.dcm: 2 boxes, Nodule, Mass',
      }),
    ).toHaveAttribute('href', '/sets/5/packages');
    expect(within(entry).getByText('9 autosaves in one go')).toBeInTheDocument();
    expect(asked.at(-1)?.searchParams.get('user_id')).toBe('1');
    expect(screen.queryByTestId('audit-row')).not.toBeInTheDocument();
  });
});
