import createClient, { type Middleware } from 'openapi-fetch';
import { CSRF_HEADER, csrfToken, needsCsrf } from '../lib/csrf.ts';
import { ApiError, networkError, toApiError } from './api-error.ts';
import type { paths } from './schema';

export { ApiError } from './api-error.ts';

/** Where the API lives: the same origin as the SPA (the backend serves both). */
const BASE_URL = '';

type UnauthorizedHandler = () => void;

let onUnauthorized: UnauthorizedHandler = () => {
  const next = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
};

/** What to do when the API answers 401 outside of sign-in (the app marks the user signed out). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

/** 401s that mean "wrong credentials" or "not signed in yet", not "your session ended". */
function expectsUnauthorized(url: string): boolean {
  const path = new URL(url, 'http://x').pathname;
  return path.startsWith('/api/auth/') || path === '/api/users/me';
}

const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    const token = csrfToken();
    if (token && needsCsrf(request.method)) request.headers.set(CSRF_HEADER, token);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !expectsUnauthorized(request.url)) onUnauthorized();
    return response;
  },
};

/** The one configured client of the TagMedX API: typed paths, cookies, the CSRF header. */
export const api = createClient<paths>({
  baseUrl: BASE_URL,
  credentials: 'same-origin',
  // Resolved at call time, so tests can replace the global fetch.
  fetch: (request) => globalThis.fetch(request),
});
api.use(csrfMiddleware);

interface ClientResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an `api.GET/POST/...` call and returns its data, or throws an ApiError. */
export async function unwrap<T>(call: Promise<ClientResult<T>>): Promise<T> {
  let result: ClientResult<T>;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw networkError();
  }
  if (!result.response.ok) throw toApiError(result.response.status, result.error);
  return result.data as T;
}

/** An absolute-path URL of the API, for `<img src>` and downloads (the session cookie authenticates them). */
export function apiUrl(path: string): string {
  return `${BASE_URL}${path}`;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * POSTs multipart form data with upload progress (fetch cannot report it), the CSRF header and the
 * session cookie. Resolves with the parsed JSON answer; rejects with an ApiError.
 */
export function uploadWithProgress<T = unknown>(
  url: string,
  formData: FormData,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', apiUrl(url));
    request.withCredentials = true;
    request.responseType = 'text';
    const token = csrfToken();
    if (token) request.setRequestHeader(CSRF_HEADER, token);
    request.upload.onprogress = (event) => {
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : 0 });
    };
    request.onload = () => {
      let body: unknown = null;
      try {
        body = request.responseText ? JSON.parse(request.responseText) : null;
      } catch {
        body = null;
      }
      if (request.status >= 200 && request.status < 300) {
        resolve(body as T);
        return;
      }
      if (request.status === 401) onUnauthorized();
      const error = toApiError(request.status, body);
      reject(Object.assign(error, { body }));
    };
    request.onerror = () => reject(networkError());
    request.onabort = () => reject(new ApiError(0, 'aborted', 'The upload was cancelled.'));
    if (signal) {
      if (signal.aborted) {
        reject(new ApiError(0, 'aborted', 'The upload was cancelled.'));
        return;
      }
      signal.addEventListener('abort', () => request.abort(), { once: true });
    }
    request.send(formData);
  });
}
