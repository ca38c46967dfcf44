// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockApi } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import LoginPage from '../login-page.tsx';

describe('LoginPage', () => {
  it('names the demo accounts under the form, worded to stay true without the demo', async () => {
    mockApi({ 'GET /api/users/me': { status: 401, body: { detail: 'Sign in.' } } });
    renderWithApp(<LoginPage />, { path: '/login' });
    const hint = await screen.findByTestId('demo-hint');
    expect(hint).toHaveTextContent(
      'Trying the demo? Sign in as manager@demo.tagmedx.org or doctor@demo.tagmedx.org ' +
        '(password demo-password) if your server was started with make run.',
    );
    expect(screen.getByRole('button', { name: 'Log in' })).toBeInTheDocument();
  });
});
