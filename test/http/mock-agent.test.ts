/** The same client over undici's MockAgent: no socket at all, and nothing left unanswered. */
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors.js';
import { createHttpClient } from '../../src/http/index.js';

let agent: MockAgent;
beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

const make = () =>
  createHttpClient({
    baseUrl: 'https://api.example.test',
    apiKey: 'sk-mock-key-123456',
    userAgent: 'lib/0 node/x',
    providerName: 'mock',
    dispatcher: agent,
    retryBaseMs: 1,
  });

describe('over MockAgent', () => {
  it('retries a 504 then returns JSON', async () => {
    const pool = agent.get('https://api.example.test');
    pool.intercept({ path: '/v1/x', method: 'GET' }).reply(504, 'gateway timeout');
    pool
      .intercept({ path: '/v1/x', method: 'GET', headers: { authorization: 'Bearer sk-mock-key-123456' } })
      .reply(200, { ok: true }, { headers: { 'content-type': 'application/json' } });
    expect(await make().getJson('/v1/x')).toEqual({ ok: true });
  });

  it('does not retry a 404', async () => {
    agent
      .get('https://api.example.test')
      .intercept({ path: '/v1/missing', method: 'GET' })
      .reply(404, { detail: 'Not found' }, { headers: { 'content-type': 'application/json' } });
    const err = await make()
      .getJson('/v1/missing')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toBe('Not found (mock, 404)');
  });
});
