/**
 * hal's HTTP errors in the user's terms: the subject ("library "Team Docs"")
 * and "(hal, status)", with the server's message where it says more. Its error
 * bodies are {status, error, message, errors?}; detailOf reads `message`.
 */
import { ApiError, AuthError, ConflictError, NotFoundError, UsageError } from '../../errors.js';
import { detailOf } from '../../http/index.js';

export const AUTH_HINT = 'Check the API key: lib profile add NAME --provider hal --base-url URL, or set LIB_API_KEY.';

export type Access = 'read' | 'write' | 'owner';

function forbiddenHint(access: Access): string {
  if (access === 'owner') return "Only the library's owner (or a member of the owning team) can do this.";
  return access === 'write'
    ? "Ask the library's owner for write access (accessLevel 2), with your user id from: lib auth status"
    : "Ask the library's owner to share it with you, with your user id from: lib auth status";
}

/** A 404 about something other than the subject (an unknown new owner, say) names that instead. */
const OTHER_SUBJECT = /no user or team|principal/i;

export function translate(err: unknown, subject: string, access: Access = 'read'): unknown {
  if (!(err instanceof ApiError)) return err;
  const { status } = err;
  const detail = detailOf(err.body);
  const tail = `(hal, ${status})`;
  const options = { cause: err };
  switch (status) {
    case 404:
      if (detail && OTHER_SUBJECT.test(detail)) return new NotFoundError(`${detail} ${tail}`, options);
      return new NotFoundError(`${subject} not found ${tail}`, options);
    case 401:
      return new AuthError(`not authenticated ${tail}`, { ...options, hint: AUTH_HINT });
    case 403:
      return new AuthError(`${detail ? `not allowed: ${detail}` : `not allowed to access ${subject}`} ${tail}`, {
        ...options,
        hint: forbiddenHint(access),
      });
    case 409:
      return new ConflictError(`${subject}: ${detail ?? 'conflict'} ${tail}`, options);
    case 400:
    case 413:
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

/** A DELETE retried after a lost answer that finds nothing: the earlier attempt did it. */
export async function deleteCall(subject: string, fn: () => Promise<unknown>, access: Access): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && err.attempt > 1) return;
    throw translate(err, subject, access);
  }
}
