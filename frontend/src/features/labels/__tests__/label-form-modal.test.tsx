// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { mockApi } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import { LabelFormModal } from '../components/label-form-modal.tsx';

const NODULE = {
  id: 1,
  set_id: 1,
  name: 'Nodule',
  description: '',
  color: '#56b4e9',
  shortcut: '1',
};

function open(routes: Parameters<typeof mockApi>[0] = {}) {
  const calls = mockApi(routes);
  const onClose = vi.fn();
  renderWithApp(
    <LabelFormModal setId={1} opened onClose={onClose} label={null} labels={[NODULE]} />,
  );
  return { calls, onClose };
}

describe('LabelFormModal', () => {
  it('refuses a colour that is not #rrggbb and sends nothing', async () => {
    const user = userEvent.setup();
    const { calls } = open();
    await user.type(await screen.findByRole('textbox', { name: /Name/ }), 'Mass');
    const colour = screen.getByRole('textbox', { name: /Colour/ });
    await user.clear(colour);
    await user.type(colour, 'reddish');
    await user.click(screen.getByRole('button', { name: 'Add label' }));
    expect(
      await screen.findByText('Choose a colour, or type one as #rrggbb (e.g. #56b4e9).'),
    ).toBeInTheDocument();
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);
  });

  it('refuses a shortcut another label uses', async () => {
    const user = userEvent.setup();
    open();
    await user.type(await screen.findByRole('textbox', { name: /Name/ }), 'Mass');
    const shortcut = screen.getByRole('textbox', { name: /Shortcut/ });
    await user.clear(shortcut);
    await user.type(shortcut, '1');
    await user.click(screen.getByRole('button', { name: 'Add label' }));
    expect(await screen.findByText('“Nodule” already uses 1.')).toBeInTheDocument();
  });

  it('says when the editor or its page takes the letter chosen, from the key table', async () => {
    const user = userEvent.setup();
    open();
    const shortcut = await screen.findByRole('textbox', { name: /Shortcut/ });
    await user.clear(shortcut);
    await user.type(shortcut, 'f');
    expect(screen.getByText(/F is taken by the editor \(Fit the image/)).toBeInTheDocument();
    await user.clear(shortcut);
    await user.type(shortcut, 't');
    expect(screen.getByText(/T is taken by the page \(Toggle tentative\)/)).toBeInTheDocument();
    await user.clear(shortcut);
    await user.type(shortcut, 'x');
    expect(screen.queryByText(/is taken by/)).not.toBeInTheDocument();
  });

  it('proposes a free colour and shortcut and sends the label', async () => {
    const user = userEvent.setup();
    const { calls, onClose } = open({
      'POST /api/sets/1/labels': { status: 201, body: { ...NODULE, id: 2, name: 'Mass' } },
    });
    await user.type(await screen.findByRole('textbox', { name: /Name/ }), ' Mass ');
    expect(screen.getByRole('textbox', { name: /Colour/ })).toHaveValue('#e69f00');
    expect(screen.getByRole('textbox', { name: /Shortcut/ })).toHaveValue('2');
    await user.click(screen.getByRole('button', { name: 'Add label' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({
      name: 'Mass',
      description: '',
      color: '#e69f00',
      shortcut: '2',
    });
  });

  it('shows the API’s duplicate-name answer on the name field', async () => {
    const user = userEvent.setup();
    open({
      'POST /api/sets/1/labels': {
        status: 409,
        body: { detail: 'This set already has a label named "Mass".', code: 'label_name_taken' },
      },
    });
    await user.type(await screen.findByRole('textbox', { name: /Name/ }), 'Mass');
    await user.click(screen.getByRole('button', { name: 'Add label' }));
    expect(
      await screen.findByText('This set already has a label named "Mass".'),
    ).toBeInTheDocument();
  });
});
