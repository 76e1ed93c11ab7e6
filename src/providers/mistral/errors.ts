/**
 * Mistral's HTTP errors in the user's terms: the subject ("library "Team
 * Docs"") and "(mistral, status)", so the one line on stderr says what failed.
 */
import { ApiError, AuthError, ConflictError, NotFoundError, UsageError } from '../../errors.js';
import { detailOf } from '../../http/index.js';

export const AUTH_HINT = 'Check the API key: lib profile add NAME --provider mistral, or set MISTRAL_API_KEY.';

/** What a call needs of the caller, for a 403 hint that fits: any access, write access, or ownership. */
export type Access = 'read' | 'write' | 'owner';

function forbiddenHint(access: Access, detail: string | null | undefined): string | undefined {
  // "An owner cannot change their own role": nobody can grant that; no hint would be true.
  if (detail && /owner cannot/i.test(detail)) return undefined;
  if (access === 'owner') return "Only the library's owner can do this.";
  return access === 'write'
    ? "Ask the library's owner for editor access, with your user id from: lib auth status"
    : "Ask the library's owner to share it with you, with your user id from: lib auth status";
}

export function translate(err: unknown, subject: string, access: Access = 'read'): unknown {
  if (!(err instanceof ApiError)) return err;
  const { status } = err;
  const detail = detailOf(err.body);
  const tail = `(mistral, ${status})`;
  const options = { cause: err };
  switch (status) {
    case 404:
      // The server says who is missing when it is not the subject (a user outside the organization).
      if (detail && /organization/i.test(detail)) return new NotFoundError(`${detail} ${tail}`, options);
      return new NotFoundError(`${subject} not found ${tail}`, options);
    case 401:
      return new AuthError(`not authenticated ${tail}`, { ...options, hint: AUTH_HINT });
    case 403:
      // A 403 is a permission, not a bad key: the owner grants it, where anyone can.
      return new AuthError(`${detail ? `not allowed: ${detail}` : `not allowed to access ${subject}`} ${tail}`, {
        ...options,
        hint: forbiddenHint(access, detail),
      });
    case 409:
      return new ConflictError(`${subject}: ${detail ?? 'conflict'} ${tail}`, options);
    case 400:
    case 422:
      return new UsageError(`invalid request for ${subject}: ${detail ?? 'rejected'} ${tail}`, options);
    default:
      return err;
  }
}

/** Run one API call, translating its errors for `subject`. */
export async function call<T>(subject: string, fn: () => Promise<T>, access: Access = 'read'): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw translate(err, subject, access);
  }
}

/**
 * A DELETE retried after a lost response finds the thing already gone: the
 * earlier attempt did the work, so a 404 on a retry means done, not "not found".
 */
export async function deleteCall(subject: string, fn: () => Promise<unknown>, access: Access = 'write'): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && err.attempt > 1) return;
    throw translate(err, subject, access);
  }
}
