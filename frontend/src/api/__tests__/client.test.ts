// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { mockApi } from '../../lib/testing/mock-api.ts';
import { ApiError } from '../api-error.ts';
import { api, setUnauthorizedHandler, unwrap } from '../client.ts';

describe('api client', () => {
  it('sends the CSRF cookie as a header on changes, not on reads', async () => {
    document.cookie = 'tagmedx_csrf=abc%20123; path=/';
    const calls = mockApi({
      'GET /api/groups': { body: { items: [], next_cursor: null } },
      'POST /api/groups/join': { body: {} },
    });
    await unwrap(api.GET('/api/groups'));
    await unwrap(api.POST('/api/groups/join', { body: { join_code: 'X' } }));
    expect(calls[0]?.headers.get('X-CSRF-Token')).toBeNull();
    expect(calls[1]?.headers.get('X-CSRF-Token')).toBe('abc 123');
  });

  it('turns error bodies into ApiError with a readable detail', async () => {
    mockApi({
      'POST /api/groups': { status: 409, body: { detail: 'Name taken.', code: 'duplicate' } },
      'POST /api/groups/join': {
        status: 422,
        body: {
          detail: [{ loc: ['body', 'join_code'], msg: 'String should have at least 1 character' }],
          code: 'validation_error',
          message: 'join_code: String should have at least 1 character',
        },
      },
    });
    const conflict = await unwrap(api.POST('/api/groups', { body: { name: 'x' } })).catch((e) => e);
    expect(conflict).toBeInstanceOf(ApiError);
    expect(conflict).toMatchObject({ status: 409, code: 'duplicate', detail: 'Name taken.' });
    const invalid = await unwrap(api.POST('/api/groups/join', { body: { join_code: '' } })).catch(
      (e) => e,
    );
    expect(invalid.fieldErrors).toEqual({ join_code: 'String should have at least 1 character' });
    expect(invalid.detail).toBe('Join code: String should have at least 1 character');
  });

  it('reports an ended session, except on sign-in and the "who am I" probe', async () => {
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    mockApi({
      'GET /api/groups': { status: 401, body: { detail: 'Sign in again.', code: 'x' } },
      'GET /api/users/me': { status: 401, body: { detail: 'Sign in again.', code: 'x' } },
      'POST /api/auth/login': { status: 401, body: { detail: 'Wrong.', code: 'x' } },
    });
    await unwrap(api.GET('/api/users/me')).catch(() => null);
    await unwrap(api.POST('/api/auth/login', { body: { email: 'a', password: 'b' } })).catch(
      () => null,
    );
    expect(handler).not.toHaveBeenCalled();
    await unwrap(api.GET('/api/groups')).catch(() => null);
    expect(handler).toHaveBeenCalledOnce();
  });

  it('says the server is unreachable when fetch itself fails', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    const error = await unwrap(api.GET('/api/groups')).catch((e) => e);
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
  });
});
