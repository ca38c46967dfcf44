// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { User } from '../../../api/types.ts';
import { mockApi } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import { ProfileForm } from '../components/profile-form.tsx';

const USER: User = {
  id: 3,
  email: 'anna@example.org',
  name: 'Anna',
  surname: 'Nowak',
  title: null,
  specialization: null,
  practice_start_year: null,
  created_at: '2025-05-01T10:00:00Z',
};

describe('ProfileForm', () => {
  it('asks for the current password only when the e-mail changes, and sends it', async () => {
    const calls = mockApi({
      'PATCH /api/users/me': () => ({
        status: 400,
        body: { detail: 'The current password is not correct.', code: 'wrong_password' },
      }),
    });
    renderWithApp(<ProfileForm user={USER} />);
    expect(screen.queryByLabelText(/Current password/)).not.toBeInTheDocument();

    const email = screen.getByLabelText(/E-mail/);
    await userEvent.clear(email);
    await userEvent.type(email, 'anna.nowak@example.org');
    await userEvent.click(screen.getByRole('button', { name: 'Save details' }));
    expect(await screen.findByText('Enter your password to change the e-mail')).toBeInTheDocument();
    expect(calls.filter((call) => call.method === 'PATCH')).toHaveLength(0);

    await userEvent.type(screen.getByLabelText(/Current password/), 'not my password');
    await userEvent.click(screen.getByRole('button', { name: 'Save details' }));
    expect(await screen.findByText('The current password is not correct.')).toBeInTheDocument();
    const patch = calls.find((call) => call.method === 'PATCH');
    expect(patch?.body).toMatchObject({
      email: 'anna.nowak@example.org',
      current_password: 'not my password',
    });
  });

  it('sends no password when only other fields change', async () => {
    const calls = mockApi({ 'PATCH /api/users/me': () => ({ body: { ...USER, name: 'Zofia' } }) });
    renderWithApp(<ProfileForm user={USER} />);
    const name = screen.getByLabelText(/First name/);
    await userEvent.clear(name);
    await userEvent.type(name, 'Zofia');
    await userEvent.click(screen.getByRole('button', { name: 'Save details' }));
    expect(await screen.findByText('Your details are saved.')).toBeInTheDocument();
    const patch = calls.find((call) => call.method === 'PATCH');
    expect(patch?.body).not.toHaveProperty('current_password');
  });
});
