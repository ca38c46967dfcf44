/** The double-submit CSRF pair: login sets a readable cookie whose value every state-changing request echoes. */
export const CSRF_COOKIE = 'tagmedx_csrf';
/**
 * Its name over HTTPS: a `__Host-` cookie only this origin can set. Read first, so a plain-named
 * one that a page on another port of the host tossed in never wins.
 */
export const HOST_CSRF_COOKIE = `__Host-${CSRF_COOKIE}`;
export const CSRF_HEADER = 'X-CSRF-Token';

/** The value of one cookie of this page, or null. */
export function readCookie(name: string, cookies: string = document.cookie): string | null {
  for (const part of cookies.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** The CSRF token to send in the X-CSRF-Token header, or null when signed out. */
export function csrfToken(cookies: string = document.cookie): string | null {
  return readCookie(HOST_CSRF_COOKIE, cookies) ?? readCookie(CSRF_COOKIE, cookies);
}

/** Methods that change state and therefore carry the CSRF header. */
export function needsCsrf(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}
