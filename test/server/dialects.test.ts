/**
 * The dialect table: each dialect answers under its prefix with its own error
 * bodies, content type and auth headers, for 401, 404, 405 and injected faults
 * alike; a path no dialect owns gets a neutral JSON 404. A second dialect here
 * (HAL-shaped, key in a header only) shows an entry is all it takes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../src/server/http.js';
import { dialects, type Dialect } from '../../src/server/dialects.js';
import { Router } from '../../src/server/router.js';
import type { Handler } from '../../src/server/context.js';
import { ALICE, startTestServer, type TestServer } from './helpers.js';

const halLike: Dialect = {
  name: 'hal-like',
  prefix: '/api',
  basePath: '/api',
  router: new Router<Handler>().add('GET', '/api/things', async () => ({ status: 200, json: { _embedded: {} } })),
  contentType: 'application/hal+json',
  auth: { bearer: false, header: 'x-token' },
  error: (status, message, headers) => new HttpError(status, { status, message }, headers),
};

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ dialects: [...dialects().filter((d) => d.name !== 'hal'), halLike] });
});
afterAll(() => t.close());

async function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  const res = await fetch(t.url + path, { method, headers });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: await res.json(),
    allow: res.headers.get('allow'),
  };
}

describe('the dialect table', () => {
  it('mistral: FastAPI-shaped errors in application/json', async () => {
    expect(await get('/v1/libraries')).toMatchObject({
      status: 401,
      type: 'application/json',
      body: { detail: 'Unauthorized' },
    });
    const auth = { authorization: `Bearer ${ALICE}` };
    expect(await get('/v1/nothing', auth)).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
    expect(await get('/v1/libraries', auth, 'DELETE')).toMatchObject({
      status: 405,
      allow: 'GET, POST',
      body: { detail: 'Method Not Allowed' },
    });
    expect(await get('/v1/libraries', { ...auth, 'x-lib-fault': '503' })).toMatchObject({
      status: 503,
      body: { detail: 'Service Unavailable (injected fault)' },
    });
  });

  it('another dialect: its own body, content type and key header', async () => {
    expect(await get('/api/things', { authorization: `Bearer ${ALICE}` })).toMatchObject({
      status: 401,
      type: 'application/hal+json',
      body: { status: 401, message: 'Unauthorized' },
    });
    const auth = { 'x-token': ALICE };
    expect(await get('/api/things', auth)).toMatchObject({ status: 200, type: 'application/hal+json' });
    expect(await get('/api/nothing', auth)).toMatchObject({ status: 404, body: { status: 404, message: 'Not Found' } });
    expect(await get('/api/things', { ...auth, 'x-lib-fault': '429' })).toMatchObject({
      status: 429,
      type: 'application/hal+json',
      body: { status: 429, message: 'Requests rate limit exceeded (injected fault)' },
    });
  });

  it('a path no dialect owns: a neutral 404 that says where the APIs are', async () => {
    expect(await get('/elsewhere')).toEqual({
      status: 404,
      type: 'application/json',
      allow: null,
      body: { error: 'not found', message: 'no API here; lib serve answers under /v1, /studio, /api' },
    });
  });

  it('start-up lists every dialect with the base URL its clients take', () => {
    expect(t.server.dialects).toEqual([
      { name: 'mistral', baseUrl: t.url },
      { name: 'ai21', baseUrl: `${t.url}/studio/v1` },
      { name: 'hal-like', baseUrl: `${t.url}/api` },
    ]);
  });
});
