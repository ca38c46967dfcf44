import { describe, expect, it } from 'vitest';
import { csrfToken, needsCsrf } from '../csrf.ts';

describe('csrfToken', () => {
  it('reads the plain cookie over plain HTTP', () => {
    expect(csrfToken('theme=dark; tagmedx_csrf=abc%20123')).toBe('abc 123');
  });

  it('prefers the __Host- cookie over HTTPS, whatever else a page of the same host set', () => {
    expect(csrfToken('tagmedx_csrf=tossed; __Host-tagmedx_csrf=mine')).toBe('mine');
    expect(csrfToken('__Host-tagmedx_csrf=mine; tagmedx_csrf=tossed')).toBe('mine');
  });

  it('is null when signed out', () => {
    expect(csrfToken('theme=dark')).toBeNull();
    expect(csrfToken('')).toBeNull();
  });

  it('is sent on changes only', () => {
    expect(needsCsrf('post')).toBe(true);
    expect(needsCsrf('GET')).toBe(false);
  });
});
