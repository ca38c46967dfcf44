// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { mockApi, TEST_USER } from '../../../lib/testing/mock-api.ts';
import { renderWithApp } from '../../../lib/testing/render.tsx';
import UploadTab from '../upload-tab.tsx';

const SET = {
  id: 1,
  group_id: 7,
  name: 'Chest X-ray nodules',
  description: '',
  type: 'detection',
  package_size: 4,
  sample_count: 0,
  package_count: 0,
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-01T00:00:00Z',
};

function group(role: 'admin' | 'annotator') {
  return {
    id: 7,
    name: 'Radiology',
    description: '',
    role,
    join_code: null,
    created_at: SET.created_at,
  };
}

/** A stand-in for the browser's XMLHttpRequest that the test drives by hand. */
class FakeXhr {
  static instances: FakeXhr[] = [];
  upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  responseText = '';
  responseType = '';
  withCredentials = false;
  url = '';
  headers: Record<string, string> = {};
  body: FormData | null = null;
  constructor() {
    FakeXhr.instances.push(this);
  }
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
  }
  abort() {
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true } as ProgressEvent);
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

function setup(role: 'admin' | 'annotator' = 'admin') {
  FakeXhr.instances = [];
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  mockApi({
    'GET /api/users/me': { body: TEST_USER },
    'GET /api/sets/1': { body: SET },
    'GET /api/groups/7': { body: group(role) },
    'GET /api/sets/1/labels': { body: { items: [], next_cursor: null } },
  });
  return renderWithApp(<UploadTab />, { path: '/sets/:setId/upload', url: '/sets/1/upload' });
}

function file(name: string, size: number, type = 'image/png') {
  return new File([new Uint8Array(size)], name, { type });
}

describe('UploadTab', () => {
  it('shows each file’s progress, then the files not added with their reasons', async () => {
    const user = userEvent.setup();
    const { container } = setup();
    await screen.findByText('Drag images, folders or ZIP archives here');
    const input = container.querySelector<HTMLInputElement>('input[type=file]:not([data-testid])');
    await user.upload(input!, [file('chest-01.png', 100), file('notes.txt', 100, 'text/plain')]);

    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    const request = FakeXhr.instances[0]!;
    expect(request.url).toBe('/api/sets/1/samples');
    expect(request.body?.getAll('files')).toHaveLength(2);

    request.progress(50, 200);
    expect(await screen.findByLabelText('chest-01.png: 50%')).toBeInTheDocument();
    expect(screen.getByLabelText('notes.txt: 0%')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeInTheDocument();

    request.progress(150, 200);
    expect(await screen.findByLabelText('chest-01.png: 100%')).toBeInTheDocument();
    expect(screen.getByLabelText('notes.txt: 50%')).toBeInTheDocument();

    request.respond(201, {
      created: [{ id: 11, filename: 'chest-01.png' }],
      rejected: [
        {
          filename: 'notes.txt',
          detail: 'This is not a PNG, JPEG, DICOM or ZIP file.',
          code: 'unsupported_type',
        },
      ],
    });

    expect(await screen.findByText(/1 image added/)).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Files not added' });
    expect(within(table).getByText('notes.txt')).toBeInTheDocument();
    expect(
      within(table).getByText('This is not a PNG, JPEG, DICOM or ZIP file.'),
    ).toBeInTheDocument();
    expect(screen.getByText('1 file was not added')).toBeInTheDocument();
    expect(screen.getByText('Upload finished')).toBeInTheDocument();
  });

  it('lists every file of a refused request with the reason from the error body', async () => {
    const user = userEvent.setup();
    const { container } = setup();
    await screen.findByText('Drag images, folders or ZIP archives here');
    const input = container.querySelector<HTMLInputElement>('input[type=file]:not([data-testid])');
    await user.upload(input!, [file('broken.dcm', 10, 'application/dicom')]);
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    FakeXhr.instances[0]!.respond(422, {
      detail: 'The DICOM file is damaged.',
      code: 'corrupt',
      rejected: [{ filename: 'broken.dcm', detail: 'The DICOM file is damaged.', code: 'corrupt' }],
    });
    const table = await screen.findByRole('table', { name: 'Files not added' });
    expect(within(table).getByText('broken.dcm')).toBeInTheDocument();
    expect(within(table).getByText('The DICOM file is damaged.')).toBeInTheDocument();
    expect(screen.queryByText(/added\./)).not.toBeInTheDocument();
  });

  it('sends at most four files per request and cancels what is left', async () => {
    const user = userEvent.setup();
    const { container } = setup();
    await screen.findByText('Drag images, folders or ZIP archives here');
    const input = container.querySelector<HTMLInputElement>('input[type=file]:not([data-testid])');
    const files = Array.from({ length: 14 }, (_, index) => file(`image-${index}.png`, 10));
    await user.upload(input!, files);
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(3));
    expect(FakeXhr.instances.map((xhr) => xhr.body?.getAll('files').length)).toEqual([4, 4, 4]);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByText('Upload finished')).toBeInTheDocument();
    expect(screen.getAllByText('Cancelled')).toHaveLength(14);
    expect(screen.getByRole('button', { name: 'Retry failed' })).toBeInTheDocument();
  });

  it('tells annotators that managers upload', async () => {
    setup('annotator');
    expect(await screen.findByText('Only the group’s managers upload images')).toBeInTheDocument();
    expect(screen.queryByText('Choose files')).not.toBeInTheDocument();
  });
});
