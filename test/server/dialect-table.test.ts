/**
 * Everything the pipeline answers on a dialect's behalf is in that dialect's
 * shape and content type: 401, 404, 405, injected faults and a bad fault
 * header, the shared permission rules (access.ts), the store's errors, a body
 * too large or a malformed multipart body, an unexpected error (500), and the
 * errors of the signed links it made. Keys are taken only from the headers the
 * dialect names. Where no dialect matches, the answer is neutral JSON.
 *
 * "hal-like" is a second dialect written here the way src/server/<name>/ would
 * be: its own prefix, router, error body, content type and key header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentIn, libraryFor } from '../../src/server/access.js';
import type { Handler } from '../../src/server/context.js';
import { dialects, type Dialect } from '../../src/server/dialects.js';
import { HttpError, readJsonBody } from '../../src/server/http.js';
import { boundaryOf, MultipartReader } from '../../src/server/multipart.js';
import { Router } from '../../src/server/router.js';
import { ALICE, call, fileForm, startTestServer, type TestServer } from './helpers.js';

const HAL = 'application/hal+json';

const halRoutes = new Router<Handler>()
  .add('GET', '/api/libraries/{id}', async (c) => ({
    status: 200,
    json: { id: libraryFor(c, c.params.id!, 'read').id },
  }))
  .add('POST', '/api/libraries/{id}', async (c) => {
    libraryFor(c, c.params.id!, 'owner');
    return { status: 204 };
  })
  .add('POST', '/api/libraries', async (c) => {
    // No try/catch: the store's conflict reaches the pipeline, which maps it for this dialect.
    const lib = c.env.store.createLibrary({ ownerId: c.caller.userId, name: 'taken' });
    return { status: 201, json: { id: lib.id } };
  })
  .add('GET', '/api/libraries/{id}/documents/{doc}/link', async (c) => {
    const file = documentIn(c, libraryFor(c, c.params.id!, 'read'), c.params.doc!);
    return { status: 200, json: { href: c.env.signer.sign(c.baseUrl, c.dialect.name, file.id, 'raw') } };
  })
  .add('POST', '/api/json', async (c) => ({ status: 200, json: await readJsonBody(c.req) }))
  .add('POST', '/api/upload', async (c) => {
    const reader = new MultipartReader(c.req, boundaryOf(c.req.headers['content-type'])!);
    while (await reader.next());
    return { status: 204 };
  })
  .add('GET', '/api/boom', async () => {
    throw new Error('a bug');
  });

const halLike: Dialect = {
  name: 'hal-like',
  prefix: '/api',
  basePath: '/api',
  router: halRoutes,
  contentType: HAL,
  auth: { bearer: false, header: 'x-token' },
  error: (status, message, headers) => new HttpError(status, { status, title: message }, headers),
};

let t: TestServer;
const reported: unknown[] = [];
let libId: string;
let docId: string;

beforeAll(async () => {
  t = await startTestServer({
    dialects: [...dialects().filter((d) => d.name !== 'hal'), halLike],
    report: (err) => reported.push(err),
  });
  libId = (await call(t.url, 'POST', '/v1/libraries', { json: { name: 'taken' } })).body.id;
  docId = (await call(t.url, 'POST', `/v1/libraries/${libId}/documents`, { body: fileForm('a.txt', 'a') })).body.id;
});
afterAll(() => t.close());

const hal = (path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  call(t.url, init.method ?? 'GET', path, {
    token: null,
    headers: { 'x-token': ALICE, ...init.headers },
    body: init.body,
  });

function shape(a: { status: number; headers: Headers; body: unknown }) {
  return { status: a.status, type: a.headers.get('content-type'), body: a.body };
}

describe('a dialect renders what the pipeline answers for it', () => {
  it('401 for a key in a header it does not take, Bearer included', async () => {
    const tries: Record<string, string>[] = [{ authorization: `Bearer ${ALICE}` }, { 'x-api-key': ALICE }, {}];
    for (const headers of tries) {
      const r = await call(t.url, 'GET', `/api/libraries/${libId}`, { token: null, headers });
      expect(shape(r)).toEqual({ status: 401, type: HAL, body: { status: 401, title: 'Unauthorized' } });
    }
    expect((await hal(`/api/libraries/${libId}`)).status).toBe(200);
  });

  it('404 and 405 of its router', async () => {
    expect(shape(await hal('/api/nothing'))).toEqual({
      status: 404,
      type: HAL,
      body: { status: 404, title: 'Not Found' },
    });
    const r = await hal('/api/boom', { method: 'DELETE' });
    expect(shape(r)).toEqual({ status: 405, type: HAL, body: { status: 405, title: 'Method Not Allowed' } });
    expect(r.headers.get('allow')).toBe('GET');
  });

  it('injected faults, and a fault header it does not know', async () => {
    expect(shape(await hal('/api/nothing', { headers: { 'x-lib-fault': '502' } }))).toEqual({
      status: 502,
      type: HAL,
      body: { status: 502, title: 'Bad Gateway (injected fault)' },
    });
    expect(shape(await hal('/api/nothing', { headers: { 'x-lib-fault': 'teapot' } }))).toEqual({
      status: 400,
      type: HAL,
      body: {
        status: 400,
        title: 'invalid x-lib-fault "teapot": use one of 429, 500, 502, 503, 504, reset, lost',
      },
    });
  });

  it("the shared permission rules: strangers 404, a viewer's owner-only action 403", async () => {
    const stranger = await call(t.url, 'GET', `/api/libraries/${libId}`, { token: null, headers: { 'x-token': 'x' } });
    expect(stranger.status).toBe(401);
    const bob = { 'x-token': 'bob-secret-token' };
    expect(shape(await hal(`/api/libraries/${libId}`, { headers: bob }))).toEqual({
      status: 404,
      type: HAL,
      body: { status: 404, title: 'Library not found' },
    });
    await call(t.url, 'PUT', `/v1/libraries/${libId}/share`, {
      json: { share_with_uuid: t.bob.userId, share_with_type: 'User', level: 'Viewer' },
    });
    expect(shape(await hal(`/api/libraries/${libId}`, { method: 'POST', headers: bob }))).toEqual({
      status: 403,
      type: HAL,
      body: { status: 403, title: 'Only the owner of this library can do this' },
    });
  });

  it("the store's errors, mapped by kind", async () => {
    expect(shape(await hal('/api/libraries', { method: 'POST' }))).toEqual({
      status: 409,
      type: HAL,
      body: { status: 409, title: 'library "taken" already exists' },
    });
  });

  it('a JSON body too large, a malformed multipart body, an unexpected error', async () => {
    const big = await hal('/api/json', { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
    expect(shape(big)).toEqual({ status: 413, type: HAL, body: { status: 413, title: 'Request body too large' } });
    const bad = await hal('/api/upload', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: 'not multipart at all',
    });
    expect(shape(bad)).toEqual({
      status: 400,
      type: HAL,
      body: { status: 400, title: 'There was an error parsing the body' },
    });
    expect(shape(await hal('/api/boom'))).toEqual({
      status: 500,
      type: HAL,
      body: { status: 500, title: 'Internal Server Error' },
    });
    expect(reported).toEqual([new Error('a bug')]);
  });

  it('the signed links it makes: served without a key, their errors in its shape', async () => {
    const href = (await hal(`/api/libraries/${libId}/documents/${docId}/link`)).body.href as string;
    expect(new URL(href).searchParams.get('dialect')).toBe('hal-like');
    const ok = await fetch(href);
    expect([ok.status, await ok.text()]).toEqual([200, 'a']);

    const altered = new URL(href);
    altered.searchParams.set('signature', 'f'.repeat(64));
    expect(shape(await call(t.url, 'GET', altered.pathname + altered.search, { token: null }))).toEqual({
      status: 403,
      type: HAL,
      body: { status: 403, title: 'Invalid signature' },
    });
    const posted = await call(t.url, 'POST', new URL(href).pathname + new URL(href).search, { token: null });
    expect(shape(posted)).toEqual({ status: 405, type: HAL, body: { status: 405, title: 'Method Not Allowed' } });
    expect(posted.headers.get('allow')).toBe('GET, HEAD');

    // Claiming another dialect breaks the signature (the dialect is signed), in the claimed one's shape.
    const claimed = new URL(href);
    claimed.searchParams.set('dialect', 'mistral');
    expect(shape(await call(t.url, 'GET', claimed.pathname + claimed.search, { token: null }))).toEqual({
      status: 403,
      type: 'application/json',
      body: { detail: 'Invalid signature' },
    });
  });
});

describe('mistral keeps its FastAPI shapes', () => {
  it('takes Bearer and x-api-key; its links, store errors and rules answer {detail}', async () => {
    expect((await call(t.url, 'GET', '/v1/libraries', { token: null, headers: { 'x-api-key': ALICE } })).status).toBe(
      200,
    );
    expect((await call(t.url, 'GET', '/v1/libraries', { token: null, headers: { 'x-token': ALICE } })).status).toBe(
      401,
    );
    const dup = await call(t.url, 'POST', '/v1/libraries', { json: { name: 'taken' } });
    expect(shape(dup)).toEqual({
      status: 409,
      type: 'application/json',
      body: { detail: 'library "taken" already exists' },
    });
    const empty = await call(t.url, 'POST', '/v1/libraries', { json: { name: ' ' } });
    expect(empty.status).toBe(422);
    expect(empty.body.detail[0]).toMatchObject({ type: 'value_error', loc: ['body'] });
    const link = new URL(
      (await call(t.url, 'GET', `/v1/libraries/${libId}/documents/${docId}/signed-url`)).body as string,
    );
    expect(link.searchParams.get('dialect')).toBe('mistral');
    link.searchParams.set('expires', String(Number(link.searchParams.get('expires')) + 1));
    expect(shape(await call(t.url, 'GET', link.pathname + link.search, { token: null }))).toEqual({
      status: 403,
      type: 'application/json',
      body: { detail: 'Invalid signature' },
    });
  });
});

describe('no dialect', () => {
  it('a path no dialect owns, and a link naming none: neutral JSON', async () => {
    expect(shape(await call(t.url, 'GET', '/v2/libraries', { token: null }))).toEqual({
      status: 404,
      type: 'application/json',
      body: { error: 'not found', message: 'no API here; lib serve answers under /v1, /studio, /api' },
    });
    const link = `/files/${docId}?kind=raw&expires=${Date.now() + 60_000}&signature=${'0'.repeat(64)}`;
    expect(shape(await call(t.url, 'GET', link, { token: null }))).toEqual({
      status: 403,
      type: 'application/json',
      body: { error: 'forbidden', message: 'Invalid signature' },
    });
  });
});
