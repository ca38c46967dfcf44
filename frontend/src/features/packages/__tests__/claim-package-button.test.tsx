// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockApi } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import { ClaimPackageButton } from '../components/claim-package-button.tsx';

describe('ClaimPackageButton', () => {
  it('says all packages are taken when none is left', async () => {
    const user = userEvent.setup();
    mockApi({
      'POST /api/sets/1/packages/claim': {
        status: 404,
        body: {
          detail: 'Every package of this set with images is already assigned or ready.',
          code: 'no_package_left',
        },
      },
    });
    renderWithApp(<ClaimPackageButton setId={1} />);
    await user.click(screen.getByRole('button', { name: 'Claim next package' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('All packages are taken');
  });

  it('opens the claimed package in the editor', async () => {
    const user = userEvent.setup();
    mockApi({ 'POST /api/sets/1/packages/claim': { body: { id: 5, set_id: 1 } } });
    const { router } = renderWithApp(<ClaimPackageButton setId={1} />);
    await user.click(screen.getByRole('button', { name: 'Claim next package' }));
    expect(await screen.findByText('elsewhere')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/packages/5');
  });

  it('claims one package for a double click, with an Idempotency-Key per click', async () => {
    const calls = mockApi({ 'POST /api/sets/1/packages/claim': { body: { id: 5, set_id: 1 } } });
    renderWithApp(<ClaimPackageButton setId={1} />);
    const button = screen.getByRole('button', { name: 'Claim next package' });
    // Both clicks land before React re-renders (as a fast double click can).
    fireEvent.click(button);
    fireEvent.click(button);
    expect(await screen.findByText('elsewhere')).toBeInTheDocument();
    const claims = calls.filter((call) => call.path === '/api/sets/1/packages/claim');
    expect(claims).toHaveLength(1);
    expect(claims[0]!.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
