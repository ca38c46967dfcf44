// @vitest-environment jsdom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setUnauthorizedHandler } from '../../../api/client.ts';
import { mockApi, TEST_USER, type RecordedCall } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import AnnotatePage from '../annotate-page.tsx';
import type { FakeEditor } from './fake-editor.ts';

const fake = vi.hoisted(() => ({ current: null as FakeEditor | null }));

vi.mock('../../../editor-core/index.ts', async (importOriginal) => {
  const { createFakeEditor } = await import('./fake-editor.ts');
  return {
    ...(await importOriginal<object>()),
    createEditor: () => {
      fake.current = createFakeEditor();
      return fake.current;
    },
  };
});

const labels = [
  { id: 11, set_id: 2, name: 'Hemorrhage', description: '', color: '#e03131', shortcut: '1' },
  { id: 12, set_id: 2, name: 'Fracture', description: '', color: '#1c7ed6', shortcut: '2' },
];

function pkg(setType: 'detection' | 'classification') {
  return {
    id: 1,
    set_id: 2,
    assignee_id: TEST_USER.id,
    assignee: { id: TEST_USER.id, name: 'Anna', surname: 'Kowalska' },
    is_ready: false,
    status: 'in_progress',
    sample_count: 2,
    annotated_count: 1,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    set_name: 'Head CT',
    set_type: setType,
    group_id: 3,
    group_name: 'Neuro',
    samples: [
      { id: 101, filename: 'first.png', annotated_by_me: true },
      { id: 102, filename: 'second.png', annotated_by_me: false },
    ],
    first_unannotated_sample_id: 102,
  };
}

const sample = {
  id: 101,
  set_id: 2,
  package_id: 1,
  filename: 'first.png',
  format: 'png',
  width: 400,
  height: 300,
  frames: 1,
  size_bytes: 1000,
  created_at: '2025-01-01T00:00:00Z',
  dicom: null,
  burned_in_annotation_risk: false,
  text_scan_status: 'not_needed',
  suspected_text: false,
  pixel_revision: 0,
  files_missing: false,
};

const examination = {
  id: 7,
  sample_id: 101,
  set_id: 2,
  user_id: TEST_USER.id,
  author: { name: 'Anna', surname: 'Kowalska', role: 'annotator' },
  tentative: false,
  bad_quality: false,
  comment: '',
  label_ids: [],
  boxes: [],
  version: 3,
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-01T00:00:00Z',
};

function routes(
  setType: 'detection' | 'classification',
  put?: (call: RecordedCall) => { status?: number; body?: unknown },
) {
  return {
    'GET /api/packages/1': { body: pkg(setType) },
    'GET /api/users/me': { body: TEST_USER },
    'GET /api/groups/3': {
      body: {
        id: 3,
        name: 'Neuro',
        description: '',
        role: 'annotator',
        join_code: null,
        member_count: 2,
        created_at: '2025-01-01T00:00:00Z',
        updated_at: '2025-01-01T00:00:00Z',
      },
    },
    'GET /api/sets/2/labels': { body: { items: labels, next_cursor: null } },
    'GET /api/samples/101': { body: sample },
    'GET /api/samples/101/image': { body: {} },
    'GET /api/samples/101/examination': { body: examination },
    'PUT /api/samples/101/examination':
      put ??
      ((call: RecordedCall) => ({
        body: { ...examination, ...(call.body as object), version: 4 },
      })),
  };
}

function puts(calls: RecordedCall[]) {
  return calls.filter((call) => call.method === 'PUT');
}

async function openPage() {
  renderWithApp(<AnnotatePage />, {
    path: '/packages/:packageId/samples/:sampleId',
    url: '/packages/1/samples/101',
  });
  await waitFor(() =>
    expect(screen.getByTestId('editor-host')).toHaveAttribute('data-sample-id', '101'),
  );
  return fake.current!;
}

describe('AnnotatePage', () => {
  beforeEach(() => {
    vi.stubGlobal(
      'createImageBitmap',
      vi.fn(async () => ({ width: 400, height: 300, close() {} })),
    );
  });

  it('loads the sample into the editor and autosaves once, with the version, after a burst of changes', async () => {
    const calls = mockApi(routes('detection'));
    const editor = await openPage();
    expect(editor.load).toHaveBeenCalledWith(
      expect.objectContaining({ width: 400, height: 300, boxes: [] }),
    );
    expect(screen.getByTestId('package-progress')).toHaveTextContent('1 of 2 annotated');

    act(() =>
      editor.drawBox({
        id: 'new-1',
        labelId: 11,
        x: 10,
        y: 20,
        width: 30,
        height: 40,
        comment: '',
      }),
    );
    await userEvent.keyboard('t');
    await userEvent.keyboard('q');
    expect(puts(calls)).toHaveLength(0);
    expect(screen.getByText('Saving…')).toBeInTheDocument();

    await waitFor(() => expect(puts(calls)).toHaveLength(1));
    expect(puts(calls)[0]!.body).toEqual({
      tentative: true,
      bad_quality: true,
      comment: '',
      label_ids: [],
      boxes: [{ label_id: 11, x: 10, y: 20, width: 30, height: 40, comment: '' }],
      version: 3,
    });
    expect(puts(calls)[0]!.headers.get('Content-Type')).toContain('application/json');
    await waitFor(() => expect(screen.getAllByText('Saved').length).toBeGreaterThan(0));
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(puts(calls)).toHaveLength(1);
  });

  it('says "Image missing" when the image\'s stored file is gone (404 file_missing)', async () => {
    mockApi({
      ...routes('detection'),
      'GET /api/samples/101/image': {
        status: 404,
        body: { detail: 'The stored file of this sample is missing.', code: 'file_missing' },
      },
    });
    renderWithApp(<AnnotatePage />, {
      path: '/packages/:packageId/samples/:sampleId',
      url: '/packages/1/samples/101',
    });
    expect(
      await screen.findByRole('img', { name: 'Image missing' }, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(screen.getByText(/upload the same image to this set again/)).toBeInTheDocument();
    expect(screen.queryByText('Could not open this sample')).not.toBeInTheDocument();
  });

  it('opens the reload dialog on a 409 stale version, keeping my changes until I choose', async () => {
    const calls = mockApi(
      routes('detection', () => ({
        status: 409,
        body: { detail: 'This examination was changed elsewhere.', code: 'stale_version' },
      })),
    );
    const editor = await openPage();
    act(() =>
      editor.drawBox({ id: 'new-1', labelId: 11, x: 1, y: 2, width: 30, height: 40, comment: '' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'This sample was changed elsewhere (another tab or device)',
    });
    expect(within(dialog).getByText(/Your unsaved reading: 1 box/)).toBeInTheDocument();
    const gets = () =>
      calls.filter((call) => call.method === 'GET' && call.path === '/api/samples/101/examination');
    const before = gets().length;
    await userEvent.click(within(dialog).getByRole('button', { name: /Reload the latest/ }));
    await waitFor(() => expect(gets().length).toBeGreaterThan(before));
    await waitFor(() => expect(editor.load).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('a first save never replaces a reading made elsewhere meanwhile', async () => {
    const calls = mockApi({
      ...routes('detection'),
      'GET /api/samples/101/examination': {
        status: 404,
        body: { detail: 'No examination.', code: 'examination_not_found' },
      },
      // another tab saved its reading meanwhile: the server refuses a create-only save
      'PUT /api/samples/101/examination': {
        status: 409,
        body: { detail: 'This examination exists at version 1.', code: 'stale_version' },
      },
    });
    const editor = await openPage();
    act(() =>
      editor.drawBox({ id: 'new-1', labelId: 11, x: 1, y: 2, width: 30, height: 40, comment: '' }),
    );
    await screen.findByRole('dialog', {
      name: 'This sample was changed elsewhere (another tab or device)',
    });
    expect(puts(calls)).toHaveLength(1);
    expect(puts(calls)[0]?.body).toMatchObject({ version: 0 });
  });

  it('detection: a label key sets the label for new boxes and the selected box', async () => {
    mockApi(routes('detection'));
    const editor = await openPage();
    await userEvent.keyboard('2');
    expect(editor.setLabel).toHaveBeenCalledWith(12);
    expect(screen.getByRole('option', { name: /Fracture/ })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('says on screen what a label key does: the next box after drawing, the box once selected', async () => {
    mockApi(routes('detection'));
    const editor = await openPage();
    const hint = screen.getByTestId('key-hint');
    expect(hint).toHaveTextContent('1, 2 → label of the next box: Hemorrhage');
    act(() =>
      editor.drawBox({ id: 'new-1', labelId: 11, x: 1, y: 2, width: 30, height: 40, comment: '' }),
    );
    // the box just drawn is not selected: 2 is for the next box
    expect(hint).toHaveTextContent('label of the next box: Hemorrhage');
    await userEvent.keyboard('2');
    expect(screen.getByTestId('key-hint')).toHaveTextContent('label of the next box: Fracture');
    act(() => editor.pickBox('new-1'));
    expect(screen.getByTestId('key-hint')).toHaveTextContent('relabel the selected box Hemorrhage');
  });

  it('warns on the image itself that its pixels may show patient data; the manager gets the way to mask it', async () => {
    const flagged = { ...sample, suspected_text: true, text_scan_status: 'done' };
    mockApi({ ...routes('detection'), 'GET /api/samples/101': { body: flagged } });
    await openPage();
    const notice = screen.getByTestId('burned-in-notice');
    expect(notice).toHaveTextContent('Text found in the pixels: this image may show patient data');
    expect(within(notice).queryByRole('link')).not.toBeInTheDocument();
    await userEvent.click(within(notice).getByRole('button', { name: /Hide the warning/ }));
    expect(screen.queryByTestId('burned-in-notice')).not.toBeInTheDocument();
  });

  it('shows the manager a link to the set’s flagged images, where the text is masked', async () => {
    const flagged = { ...sample, burned_in_annotation_risk: true, text_scan_status: 'pending' };
    const base = routes('detection');
    mockApi({
      ...base,
      'GET /api/samples/101': { body: flagged },
      'GET /api/groups/3': {
        body: { ...(base['GET /api/groups/3'] as { body: object }).body, role: 'admin' },
      },
      'GET /api/samples/101/examinations': { body: { items: [], next_cursor: null } },
    });
    await openPage();
    const notice = screen.getByTestId('burned-in-notice');
    expect(notice).toHaveTextContent('may have patient data burned into its pixels');
    expect(notice).toHaveTextContent('still running');
    expect(within(notice).getByRole('link', { name: /Review and mask/ })).toHaveAttribute(
      'href',
      '/sets/2/samples?package=1',
    );
  });

  it('is dark by default, and remembers a reader who chose light', async () => {
    mockApi(routes('detection'));
    await openPage();
    await userEvent.click(screen.getByRole('button', { name: 'Light editor' }));
    expect(localStorage.getItem('tagmedx.editor.color-scheme')).toBe('"light"');
    expect(screen.getByRole('button', { name: 'Dark editor' })).toBeInTheDocument();
    localStorage.removeItem('tagmedx.editor.color-scheme');
  });

  describe('never loses a reading when the session ends', () => {
    const draftKey = `tagmedx.draft.v1:${TEST_USER.id}:101`;
    afterEach(() => localStorage.clear());

    it('a save refused with 401 stays in the browser and is saved when the sample opens again, signed in', async () => {
      setUnauthorizedHandler(() => undefined); // the app would show the login page
      const refused = mockApi(
        routes('detection', () => ({
          status: 401,
          body: { detail: 'Not signed in.', code: 'not_authenticated' },
        })),
      );
      const editor = await openPage();
      act(() =>
        editor.drawBox({
          id: 'new-1',
          labelId: 12,
          x: 5,
          y: 6,
          width: 30,
          height: 40,
          comment: '',
        }),
      );
      await waitFor(() => expect(puts(refused)).toHaveLength(1));
      await screen.findByText('Not saved');
      expect(JSON.parse(localStorage.getItem(draftKey)!)).toMatchObject({
        version: 3,
        reading: { boxes: [{ labelId: 12, x: 5 }] },
      });
      cleanup(); // the login page replaces the editor

      const calls = mockApi(routes('detection'));
      const reopened = await openPage();
      expect(reopened.load).toHaveBeenCalledWith(
        expect.objectContaining({ boxes: [expect.objectContaining({ labelId: 12, x: 5 })] }),
      );
      await waitFor(() => expect(puts(calls)).toHaveLength(1));
      expect(puts(calls)[0]!.body).toMatchObject({
        version: 3,
        boxes: [{ label_id: 12, x: 5, y: 6, width: 30, height: 40 }],
      });
      await waitFor(() => expect(localStorage.getItem(draftKey)).toBeNull());
    });

    it('a kept reading older than the server’s goes through the conflict dialog, never over it', async () => {
      localStorage.setItem(
        draftKey,
        JSON.stringify({
          userId: TEST_USER.id,
          sampleId: 101,
          packageId: 1,
          detection: true,
          version: 2,
          reading: {
            tentative: false,
            badQuality: false,
            comment: '',
            labelIds: [],
            boxes: [{ id: 'new-1', labelId: 11, x: 1, y: 2, width: 3, height: 4, comment: '' }],
          },
          updatedAt: Date.now(),
        }),
      );
      const calls = mockApi(
        routes('detection', () => ({
          status: 409,
          body: { detail: 'Changed elsewhere.', code: 'stale_version' },
        })),
      );
      await openPage();
      const dialog = await screen.findByRole('dialog', { name: /changed elsewhere/ });
      expect(within(dialog).getByText(/Your unsaved reading: 1 box/)).toBeInTheDocument();
      expect(puts(calls)[0]!.body).toMatchObject({ version: 2 });
      expect(localStorage.getItem(draftKey)).not.toBeNull();
    });

    it('sends the kept readings of other samples when the editor opens', async () => {
      localStorage.setItem(
        `tagmedx.draft.v1:${TEST_USER.id}:102`,
        JSON.stringify({
          userId: TEST_USER.id,
          sampleId: 102,
          packageId: 1,
          detection: true,
          version: null,
          reading: { tentative: true, badQuality: false, comment: '', labelIds: [], boxes: [] },
          updatedAt: Date.now(),
        }),
      );
      const calls = mockApi({
        ...routes('detection'),
        'PUT /api/samples/102/examination': { body: { ...examination, sample_id: 102 } },
      });
      await openPage();
      await waitFor(() =>
        expect(calls.some((call) => call.path === '/api/samples/102/examination')).toBe(true),
      );
      const sent = calls.find((call) => call.path === '/api/samples/102/examination')!;
      expect(sent.body).toMatchObject({ version: 0, tentative: true });
      await waitFor(() =>
        expect(localStorage.getItem(`tagmedx.draft.v1:${TEST_USER.id}:102`)).toBeNull(),
      );
    });
  });

  it('classification: a label key toggles that label and saves it', async () => {
    const calls = mockApi(routes('classification'));
    await openPage();
    await userEvent.keyboard('1');
    expect(screen.getByRole('checkbox', { name: /Hemorrhage/ })).toBeChecked();
    await waitFor(() => expect(puts(calls)).toHaveLength(1));
    expect(puts(calls)[0]!.body).toMatchObject({ label_ids: [11], boxes: [], version: 3 });
  });

  it('never takes keys typed into a text field', async () => {
    const calls = mockApi(routes('detection'));
    const editor = await openPage();
    await userEvent.type(screen.getByLabelText('Comment on this image'), 't2?');
    expect(editor.setLabel).not.toHaveBeenCalled();
    expect(screen.getByRole('switch', { name: /Tentative/ })).not.toBeChecked();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(puts(calls)).toHaveLength(1));
    expect(puts(calls)[0]!.body).toMatchObject({ comment: 't2?', tentative: false });
  });

  it('? opens the overlay listing every shortcut', async () => {
    mockApi(routes('detection'));
    await openPage();
    await userEvent.keyboard('?');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const action of [
      'Toggle tentative',
      'Toggle bad quality',
      'Next sample (saves first)',
      'Undo',
      'Delete the selected box',
      'Invert',
      'Hemorrhage',
      'Fracture',
    ]) {
      expect(within(dialog).getByText(action)).toBeInTheDocument();
    }
    expect(within(dialog).getAllByText('PageDown').length).toBeGreaterThan(0);
  });
});
