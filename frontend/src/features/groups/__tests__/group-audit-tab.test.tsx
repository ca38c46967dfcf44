// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockApi } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import GroupPage from '../group-page.tsx';

function group(role: 'admin' | 'annotator') {
  return {
    id: 7,
    name: 'Chest X-ray',
    description: '',
    role,
    join_code: role === 'admin' ? 'X' : null,
    member_count: 2,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
  };
}

const options = { path: '/groups/:groupId/*', url: '/groups/7/overview' };

describe('the group page’s Audit tab', () => {
  it('is shown to admins', async () => {
    mockApi({ 'GET /api/groups/7': { body: group('admin') } });
    renderWithApp(<GroupPage />, options);
    expect(await screen.findByRole('tab', { name: 'Audit' })).toBeInTheDocument();
  });

  it('is hidden from annotators, by the role the API returns', async () => {
    mockApi({ 'GET /api/groups/7': { body: group('annotator') } });
    renderWithApp(<GroupPage />, options);
    expect(await screen.findByRole('tab', { name: 'Members' })).toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: 'Audit' })).not.toBeInTheDocument();
  });
});
