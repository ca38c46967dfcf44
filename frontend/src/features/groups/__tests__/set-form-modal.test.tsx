// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockApi } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import { SetFormModal } from '../components/set-form-modal.tsx';

const SET = {
  id: 3,
  group_id: 7,
  name: 'Triage',
  description: '',
  type: 'classification',
  package_size: 5,
  multi_label: false,
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-01T00:00:00Z',
  sample_count: 4,
  package_count: 1,
};

function renderModal(set?: typeof SET) {
  renderWithApp(<SetFormModal groupId={7} opened onClose={() => {}} set={set as never} />);
}

describe('SetFormModal: one label or several', () => {
  it('offers the choice for classification only and creates single-label sets by default', async () => {
    const calls = mockApi({
      'POST /api/groups/7/sets': ({ body }) => ({
        status: 201,
        body: { ...SET, ...(body as object) },
      }),
    });
    renderModal();
    expect(screen.queryByRole('checkbox', { name: /Several labels/ })).not.toBeInTheDocument();
    await userEvent.type(screen.getByRole('textbox', { name: /Name/ }), 'Triage');
    await userEvent.click(screen.getByText('Classification'));
    expect(screen.getByRole('checkbox', { name: /Several labels/ })).not.toBeChecked();
    await userEvent.click(screen.getByRole('button', { name: 'Create set' }));
    await waitFor(() =>
      expect(calls.find((call) => call.method === 'POST')?.body).toMatchObject({
        type: 'classification',
        multi_label: false,
      }),
    );
  });

  it('turns an existing set multi-label', async () => {
    const calls = mockApi({
      'PATCH /api/sets/3': ({ body }) => ({ body: { ...SET, ...(body as object) } }),
    });
    renderModal(SET);
    await userEvent.click(await screen.findByRole('checkbox', { name: /Several labels/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(calls.find((call) => call.method === 'PATCH')?.body).toMatchObject({
        multi_label: true,
      }),
    );
  });
});
