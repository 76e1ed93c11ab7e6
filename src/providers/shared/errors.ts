/**
 * A remote provider's HTTP errors in the user's terms, from a small table per
 * provider: the subject ("library "Team Docs"") and "(provider, status)", so
 * the one line on stderr says what failed, and the typed error that sets the
 * exit code (404: 3; 401, 403: 4; 409: 5; 400, 422: 2; anything else
 * stays an ApiError: 1). A provider's table adds what its API says in its
 * bodies (AI21's 422 "already exists" is a conflict).
 */
import { ApiError, AuthError, ConflictError, LibError, NotFoundError, UsageError } from '../../errors.js';
import { detailOf } from '../../http/index.js';

/** What a call needs of the caller, for a 403 hint that fits: any access, write access, or ownership. */
export type Access = 'read' | 'write' | 'owner';

export interface ErrorTable {
  /** 'mistral', 'hal': in "(hal, 404)". */
  provider: string;
  /** The hint under a 401. */
  authHint: string;
  /** The hint under a 403, by what the call needed. */
  forbidden: Record<Access, string>;
  /** A 403 detail nobody can grant ("an owner cannot change their own role"): no hint would be true. */
  ungrantable?: RegExp;
  /** A 404 detail about something other than the subject (an unknown user): the detail is the message. */
  otherSubject?: RegExp;
  /** A status and detail the API gives its own meaning: the kind of error it is, or undefined for the default. */
  classify?(status: number, detail: string | null): 'not_found' | 'conflict' | 'usage' | undefined;
}

export interface HttpErrors {
  translate(err: unknown, subject: string, access?: Access): unknown;
  /** Runs one API call, translating its errors for `subject`. */
  call<T>(subject: string, fn: () => Promise<T>, access?: Access): Promise<T>;
  /**
   * A DELETE retried after a lost response finds the thing already gone: the
   * earlier attempt did the work, so a 404 on a retry means done, not "not found".
   */
  deleteCall(subject: string, fn: () => Promise<unknown>, access?: Access): Promise<void>;
}

const KIND: Record<number, 'not_found' | 'conflict' | 'usage' | 'auth' | 'forbidden'> = {
  400: 'usage',
  401: 'auth',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  422: 'usage',
};

export function httpErrors(table: ErrorTable): HttpErrors {
  function translate(err: unknown, subject: string, access: Access = 'read'): unknown {
    if (!(err instanceof ApiError)) return err;
    const { status } = err;
    const detail = detailOf(err.body);
    const tail = `(${table.provider}, ${status})`;
    const options = { cause: err };
    const kind = table.classify?.(status, detail) ?? KIND[status];
    let out: LibError | undefined;
    switch (kind) {
      case 'not_found':
        out =
          detail && table.otherSubject?.test(detail)
            ? new NotFoundError(`${detail} ${tail}`, options)
            : new NotFoundError(`${subject} not found ${tail}`, options);
        break;
      case 'auth':
        out = new AuthError(`not authenticated ${tail}`, { ...options, hint: table.authHint });
        break;
      case 'forbidden':
        // A 403 is a permission, not a bad key: the owner grants it, where anyone can.
        out = new AuthError(`${detail ? `not allowed: ${detail}` : `not allowed to access ${subject}`} ${tail}`, {
          ...options,
          hint: detail && table.ungrantable?.test(detail) ? undefined : table.forbidden[access],
        });
        break;
      case 'conflict':
        out = new ConflictError(`${subject}: ${detail ?? 'conflict'} ${tail}`, options);
        break;
      case 'usage':
        out = new UsageError(`invalid request for ${subject}: ${detail ?? 'rejected'} ${tail}`, options);
        break;
    }
    return out ?? err;
  }
  return {
    translate,
    async call<T>(subject: string, fn: () => Promise<T>, access: Access = 'read'): Promise<T> {
      try {
        return await fn();
      } catch (err) {
        throw translate(err, subject, access);
      }
    },
    async deleteCall(subject: string, fn: () => Promise<unknown>, access: Access = 'write'): Promise<void> {
      try {
        await fn();
      } catch (err) {
        if (err instanceof ApiError && err.status === 404 && err.attempt > 1) return;
        throw translate(err, subject, access);
      }
    },
  };
}
