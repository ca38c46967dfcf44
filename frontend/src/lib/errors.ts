import { ApiError, NETWORK_ERROR_MESSAGE } from '../api/api-error.ts';

/** A readable sentence for any thrown value: the API's own message when there is one. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof TypeError) return NETWORK_ERROR_MESSAGE;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Try again.';
}

/** The API's message for each field of a 422 answer (for `form.setErrors`), or an empty object. */
export function fieldErrors(error: unknown): Record<string, string> {
  return error instanceof ApiError ? error.fieldErrors : {};
}

/** True when the error is the API's answer with this status. */
export function hasStatus(error: unknown, status: number): boolean {
  return error instanceof ApiError && error.status === status;
}
