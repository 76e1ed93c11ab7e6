/**
 * The shared table from HTTP status and body to the typed error (and so the
 * exit code) that every remote provider builds its errors from: the subject
 * and "(provider, status)" in one line, the server's word where it names
 * something else, hints that fit, and a provider's own readings of a status.
 */
import { describe, expect, it } from 'vitest';
import { ApiError, AuthError, ConflictError, NotFoundError, UsageError } from '../../src/errors.js';
import { httpErrors } from '../../src/providers/shared/errors.js';

const api = (status: number, message?: string, attempt = 1) => {
  const e = new ApiError(`HTTP ${status}`, status, message === undefined ? undefined : { message });
  e.attempt = attempt;
  return e;
};

const errors = httpErrors({
  provider: 'acme',
  authHint: 'check the key',
  forbidden: { read: 'ask for access', write: 'ask for write access', owner: 'owner only' },
  ungrantable: /own role/,
  otherSubject: /no user/,
  classify: (status, detail) => (status === 422 && detail?.includes('exists') ? 'conflict' : undefined),
});

describe('httpErrors', () => {
  it('maps statuses to typed errors with the subject and (provider, status)', () => {
    const t = (status: number, message?: string, access?: 'read' | 'write' | 'owner') =>
      errors.translate(api(status, message), 'library "Docs"', access) as Error & { hint?: string };
    expect(t(404)).toEqual(new NotFoundError('library "Docs" not found (acme, 404)'));
    expect(t(404, 'no user "zed"').message).toBe('no user "zed" (acme, 404)');
    expect(t(401)).toMatchObject({ message: 'not authenticated (acme, 401)', hint: 'check the key' });
    expect(t(403, 'read only', 'write')).toMatchObject({
      message: 'not allowed: read only (acme, 403)',
      hint: 'ask for write access',
    });
    expect(t(403, 'cannot change your own role', 'owner').hint).toBeUndefined();
    expect(t(403)).toBeInstanceOf(AuthError);
    expect(t(409, 'taken')).toEqual(new ConflictError('library "Docs": taken (acme, 409)'));
    expect(t(400, 'bad')).toEqual(new UsageError('invalid request for library "Docs": bad (acme, 400)'));
    expect(t(422, 'already exists')).toBeInstanceOf(ConflictError);
    expect(t(422, 'too short')).toBeInstanceOf(UsageError);
    expect(t(500)).toBeInstanceOf(ApiError);
    const other = new Error('not http');
    expect(errors.translate(other, 'x')).toBe(other);
  });

  it('a DELETE that finds nothing on a retry is done; on the first attempt it is not found', async () => {
    await expect(errors.deleteCall('file "a"', () => Promise.reject(api(404, undefined, 2)))).resolves.toBeUndefined();
    await expect(errors.deleteCall('file "a"', () => Promise.reject(api(404)))).rejects.toBeInstanceOf(NotFoundError);
    await expect(errors.call('file "a"', () => Promise.resolve(7))).resolves.toBe(7);
  });
});
