import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/api-error.ts';
import { isFileMissing, whyImageFailed } from '../image-failure.ts';
import { mockApi } from '../testing/mock-api.ts';

describe('whyImageFailed', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is missing when the API says the stored file is gone', async () => {
    mockApi({
      'GET /api/samples/1/thumbnail': {
        status: 404,
        body: { detail: 'The stored file of this sample is missing.', code: 'file_missing' },
      },
    });
    expect(await whyImageFailed('http://localhost/api/samples/1/thumbnail')).toBe('missing');
  });

  it('is unavailable for any other answer or none', async () => {
    mockApi({
      'GET /api/samples/2/thumbnail': { status: 503, body: { code: 'storage_unavailable' } },
    });
    expect(await whyImageFailed('http://localhost/api/samples/2/thumbnail')).toBe('unavailable');
    expect(await whyImageFailed('http://localhost/api/samples/3/thumbnail')).toBe('unavailable'); // 404 not_found
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('network')));
    expect(await whyImageFailed('http://localhost/api/samples/1/thumbnail')).toBe('unavailable');
  });
});

describe('isFileMissing', () => {
  it('tells a missing file from other errors', () => {
    expect(isFileMissing(new ApiError(404, 'file_missing', 'gone'))).toBe(true);
    expect(isFileMissing(new ApiError(404, 'sample_not_found', 'no'))).toBe(false);
    expect(isFileMissing(new Error('file_missing'))).toBe(false);
  });
});
