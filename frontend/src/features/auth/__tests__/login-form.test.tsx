// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { mockApi, TEST_USER } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import { LoginForm } from '../components/login-form.tsx';

describe('LoginForm', () => {
  it('validates before sending anything', async () => {
    const calls = mockApi({});
    renderWithApp(<LoginForm onSignedIn={vi.fn()} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('Enter your e-mail address')).toBeInTheDocument();
    expect(screen.getByText('Enter your password')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('E-mail'), 'not-an-address');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('This is not an e-mail address')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it("shows the API's message when the credentials are wrong", async () => {
    const onSignedIn = vi.fn();
    const calls = mockApi({
      'POST /api/auth/login': {
        status: 401,
        body: { detail: 'The e-mail or password is not correct.', code: 'invalid_credentials' },
      },
    });
    renderWithApp(<LoginForm onSignedIn={onSignedIn} />);
    await userEvent.type(await screen.findByLabelText('E-mail'), 'anna@example.org');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong password');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The e-mail or password is not correct.',
    );
    expect(calls[0]?.body).toEqual({ email: 'anna@example.org', password: 'wrong password' });
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it('signs in and reports success', async () => {
    const onSignedIn = vi.fn();
    mockApi({
      'POST /api/auth/login': {
        body: {
          access_token: 't',
          token_type: 'bearer',
          expires_at: '2030-01-01T00:00:00Z',
          csrf_header: 'X-CSRF-Token',
          csrf_token: 'c',
          user: TEST_USER,
        },
      },
    });
    renderWithApp(<LoginForm onSignedIn={onSignedIn} />);
    await userEvent.type(await screen.findByLabelText('E-mail'), ' anna@example.org ');
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledOnce());
  });
});
