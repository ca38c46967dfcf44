/** An error answer of the TagMedX API, or a request that never reached it (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** A readable sentence, ready to show next to what caused it. */
  readonly detail: string;
  /** For 422 answers: the message of each invalid body field, by field name. */
  readonly fieldErrors: Record<string, string>;

  constructor(
    status: number,
    code: string,
    detail: string,
    fieldErrors: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.fieldErrors = fieldErrors;
  }
}

interface ValidationItem {
  loc?: (string | number)[];
  msg?: string;
}

const STATUS_MESSAGES: Record<number, string> = {
  400: 'The request is not valid.',
  401: 'You are not signed in, or your session has ended. Sign in again.',
  403: 'Your role does not allow this.',
  404: 'Not found, or you do not have access to it.',
  409: 'This conflicts with the current state. Reload and try again.',
  413: 'This is too large.',
  415: 'This file type is not supported.',
  429: 'Too many attempts. Wait a minute and try again.',
  500: 'The server failed. Try again; if it keeps failing, tell your administrator.',
  503: 'The server is unavailable. Try again in a moment.',
};

function cleanMessage(message: string): string {
  const text = message.replace(/^Value error, /, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Builds an ApiError from a status and a parsed error body (`{detail, code}` or FastAPI's 422 shape). */
export function toApiError(status: number, body: unknown): ApiError {
  const fallback = STATUS_MESSAGES[status] ?? `The request failed (HTTP ${status}).`;
  if (!body || typeof body !== 'object') return new ApiError(status, 'http_error', fallback);
  const record = body as { detail?: unknown; code?: unknown; message?: unknown };
  const code = typeof record.code === 'string' ? record.code : 'http_error';
  if (Array.isArray(record.detail)) {
    const fieldErrors: Record<string, string> = {};
    for (const item of record.detail as ValidationItem[]) {
      const field = (item.loc ?? []).filter((part) => part !== 'body' && part !== 'query').pop();
      if (field !== undefined && item.msg && !(String(field) in fieldErrors)) {
        fieldErrors[String(field)] = cleanMessage(item.msg);
      }
    }
    const first = Object.entries(fieldErrors)[0];
    const message =
      first !== undefined
        ? `${first[0].replace(/_/g, ' ')}: ${first[1]}`
        : typeof record.message === 'string'
          ? record.message
          : fallback;
    return new ApiError(status, code, cleanMessage(message), fieldErrors);
  }
  const detail = typeof record.detail === 'string' && record.detail ? record.detail : fallback;
  return new ApiError(status, code, detail);
}

export const NETWORK_ERROR_MESSAGE =
  'Cannot reach the TagMedX server. Check your connection and try again.';

export function networkError(): ApiError {
  return new ApiError(0, 'network_error', NETWORK_ERROR_MESSAGE);
}
