import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../clock.js';
import { call, fileForm, startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
let docPath: string;
/** The server's clock: links expire when the test moves it past their 300 ms. */
const clock = new TestClock();

beforeAll(async () => {
  t = await startTestServer({ signedUrlTtlMs: 300, now: clock.now });
  const lib = (await call(t.url, 'POST', '/v1/libraries', { json: { name: 'Links' } })).body.id;
  const doc = (
    await call(t.url, 'POST', `/v1/libraries/${lib}/documents`, {
      body: fileForm('page.html', '<h1>Hi</h1><p>there</p>', 'text/html'),
    })
  ).body;
  docPath = `/v1/libraries/${lib}/documents/${doc.id}`;
});
afterAll(() => t.close());

describe('signed URLs', () => {
  it('answers a JSON string with a link on this server that serves the bytes without a key', async () => {
    const res = await call(t.url, 'GET', `${docPath}/signed-url`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.text.startsWith('"http://127.0.0.1:')).toBe(true);
    const file = await fetch(res.body as string); // no Authorization header
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/html');
    expect(file.headers.get('content-disposition')).toContain("filename*=UTF-8''page.html");
    expect(await file.text()).toBe('<h1>Hi</h1><p>there</p>');
  });

  it('serves the extracted text from the extracted-text link', async () => {
    const url = (await call(t.url, 'GET', `${docPath}/extracted-text-signed-url`)).body as string;
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('Hi\nthere');
  });

  it('refuses altered and expired links with 403', async () => {
    const url = new URL((await call(t.url, 'GET', `${docPath}/signed-url`)).body as string);
    const altered = new URL(url);
    altered.searchParams.set('expires', String(Date.now() + 3_600_000));
    expect((await fetch(altered)).status).toBe(403);
    const text = new URL(url);
    text.searchParams.set('kind', 'text');
    expect((await fetch(text)).status).toBe(403);
    clock.advance(400);
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.json()).toEqual({ detail: 'Request has expired' });
  });

  it('answers 404 once the document is gone', async () => {
    const lib = (await call(t.url, 'POST', '/v1/libraries', { json: { name: 'Gone' } })).body.id;
    const doc = (await call(t.url, 'POST', `/v1/libraries/${lib}/documents`, { body: fileForm('x.txt', 'x') })).body;
    const url = (await call(t.url, 'GET', `/v1/libraries/${lib}/documents/${doc.id}/signed-url`)).body as string;
    await call(t.url, 'DELETE', `/v1/libraries/${lib}/documents/${doc.id}`);
    expect((await fetch(url)).status).toBe(404);
  });
});
