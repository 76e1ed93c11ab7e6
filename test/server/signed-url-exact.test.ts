/** A signed link's signature must be exactly the MAC: anything appended, or a truncated one, is 403. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, fileForm, startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
let link: URL;

beforeAll(async () => {
  t = await startTestServer();
  const lib = (await call(t.url, 'POST', '/v1/libraries', { json: { name: 'Links' } })).body.id;
  const doc = (await call(t.url, 'POST', `/v1/libraries/${lib}/documents`, { body: fileForm('a.txt', 'a') })).body;
  link = new URL((await call(t.url, 'GET', `/v1/libraries/${lib}/documents/${doc.id}/signed-url`)).body as string);
});
afterAll(() => t.close());

describe('signed link signatures', () => {
  it('the exact signature works; with anything appended or cut it is 403', async () => {
    expect((await fetch(link)).status).toBe(200);
    const sig = link.searchParams.get('signature')!;
    for (const bad of [`${sig}x`, `${sig}0`, `${sig}00`, sig.slice(0, -2), sig.toUpperCase(), ` ${sig}`]) {
      const altered = new URL(link);
      altered.searchParams.set('signature', bad);
      const res = await fetch(altered);
      expect({ bad, status: res.status }).toEqual({ bad, status: 403 });
    }
  });
});
