import { describe, expect, it } from 'vitest';
import { detailOf, isLoopback } from '../../src/http/index.js';
import { parseRetryAfter, retryDelay } from '../../src/http/retry.js';
import { redactHeader, scrub } from '../../src/http/security.js';

describe('Retry-After and backoff', () => {
  const policy = { baseMs: 250, maxMs: 8_000, maxRetryAfterMs: 60_000 };

  it('parses seconds and HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('caps Retry-After', () => {
    expect(retryDelay(1, '3600', policy)).toBe(60_000);
  });

  it('uses full jitter under an exponential ceiling', () => {
    expect(retryDelay(1, undefined, policy, 0, () => 0.999)).toBe(250);
    expect(retryDelay(3, undefined, policy, 0, () => 0.999)).toBe(999);
    expect(retryDelay(20, undefined, policy, 0, () => 1)).toBe(8_000);
    expect(retryDelay(5, undefined, policy, 0, () => 0)).toBe(0);
  });
});

describe('security', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['[::1]', true],
    ['api.localhost', true],
    ['example.com', false],
    ['128.0.0.1', false],
    ['127.0.0.1.example.com', false],
  ])('isLoopback(%s) = %s', (host, expected) => expect(isLoopback(host)).toBe(expected));

  it('redacts secrets in headers and text', () => {
    expect(redactHeader('Authorization', 'Bearer abc')).toBe('Bearer ***');
    expect(redactHeader('x-api-key', 'abc')).toBe('***');
    expect(redactHeader('accept', 'application/json')).toBe('application/json');
    expect(scrub('key sk-12345678 leaked', 'sk-12345678')).toBe('key *** leaked');
    expect(scrub('a short key x in text', 'x')).toBe('a short key *** in text'); // as a token of its own only
  });
});

describe('detailOf', () => {
  it('reads the usual error shapes', () => {
    expect(detailOf({ detail: 'Library not found' })).toBe('Library not found');
    expect(detailOf({ detail: [{ loc: ['body', 'name'], msg: 'Field required', type: 'missing' }] })).toBe(
      'body.name: Field required',
    );
    expect(detailOf({ message: 'Unauthorized' })).toBe('Unauthorized');
    expect(detailOf({ error: { message: 'nope' } })).toBe('nope');
    expect(detailOf({ error: 'bad' })).toBe('bad');
    expect(detailOf({})).toBeNull();
    expect(detailOf(null)).toBeNull();
  });
});
