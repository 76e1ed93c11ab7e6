/**
 * Mistral's HTTP errors in the user's terms: the subject ("library "Team
 * Docs"") and "(mistral, status)", so the one line on stderr says what failed.
 */
import { ApiError, AuthError, ConflictError, NotFoundError, UsageError } from '../../errors.js';
import { detailOf } from '../../http/index.js';

export const AUTH_HINT = 'Check the API key: lib profile add NAME --provider mistral, or set MISTRAL_API_KEY.';

export function translate(err: unknown, subject: string): unknown {
  if (!(err instanceof ApiError)) return err;
  const { status } = err;
  const detail = detailOf(err.body);
  const tail = `(mistral, ${status})`;
  const options = { cause: err };
  switch (status) {
    case 404:
      return new NotFoundError(`${subject} not found ${tail}`, options);
    case 401:
      return new AuthError(`not authenticated ${tail}`, { ...options, hint: AUTH_HINT });
    case 403:
      return new AuthError(`${detail ? `not allowed: ${detail}` : `not allowed to access ${subject}`} ${tail}`, {
        ...options,
        // A 403 is a permission, not a bad key: the owner grants it.
        hint: "Ask the library's owner for access (lib share put LIBRARY --user YOUR_ID --level editor).",
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
export async function call<T>(subject: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw translate(err, subject);
  }
}

/**
 * A DELETE retried after a lost response finds the thing already gone: the
 * earlier attempt did the work, so a 404 on a retry means done, not "not found".
 */
export async function deleteCall(subject: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && err.attempt > 1) return;
    throw translate(err, subject);
  }
}
