// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockApi } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import { TokensSection } from '../components/tokens-section.tsx';

const SECRET = 'tmx_s3cr3t-value-shown-once';

describe('TokensSection', () => {
  it('shows a new token once, with a copy button, then never again', async () => {
    let listed: unknown[] = [];
    const calls = mockApi({
      'GET /api/users/me/tokens': () => ({ body: { items: listed, next_cursor: null } }),
      'POST /api/users/me/tokens': () => {
        listed = [
          {
            id: 5,
            name: 'nightly export',
            token_prefix: 'tmx_s3cr',
            created_at: '2025-05-01T10:00:00Z',
            expires_at: null,
            last_used_at: null,
          },
        ];
        return {
          status: 201,
          body: {
            id: 5,
            name: 'nightly export',
            token: SECRET,
            token_prefix: 'tmx_s3cr',
            created_at: '2025-05-01T10:00:00Z',
            expires_at: null,
          },
        };
      },
    });
    renderWithApp(<TokensSection />);
    expect(await screen.findByText(/You have no API tokens/)).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Token name'), 'nightly export');
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));

    expect(await screen.findByText(/only time the token is shown/)).toBeInTheDocument();
    expect(screen.getByTestId('new-token')).toHaveTextContent(SECRET);
    expect(screen.getByRole('button', { name: 'Copy' })).toBeInTheDocument();
    expect(screen.getByText(/curl -H "Authorization: Bearer/)).toBeInTheDocument();
    const post = calls.find((call) => call.method === 'POST');
    expect(post?.body).toEqual({ name: 'nightly export', expires_in_days: 90 });

    await userEvent.click(screen.getByRole('button', { name: 'I have stored it' }));
    await waitFor(() => expect(screen.queryByText(SECRET)).not.toBeInTheDocument());
    expect(await screen.findByText('nightly export')).toBeInTheDocument();
    expect(document.body.textContent).not.toContain(SECRET);
  });
});
