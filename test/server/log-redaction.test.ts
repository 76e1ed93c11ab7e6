/** LIB_SERVE_LOG lines never carry a signed link's credential. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, fileForm, startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
const lines: string[] = [];

beforeAll(async () => {
  t = await startTestServer({ log: (line) => lines.push(line) });
});
afterAll(() => t.close());

describe('the request log', () => {
  it('shows a signed link by its path only', async () => {
    const lib = (await call(t.url, 'POST', '/v1/libraries', { json: { name: 'Log' } })).body.id;
    const doc = (await call(t.url, 'POST', `/v1/libraries/${lib}/documents`, { body: fileForm('a.txt', 'a') })).body;
    const link = new URL((await call(t.url, 'GET', `/v1/libraries/${lib}/documents/${doc.id}/signed-url`)).body);
    expect((await fetch(link)).status).toBe(200);
    // The line is written once the reply is done: on a busy machine, that can take a while.
    let logged: string | undefined;
    for (let i = 0; i < 200 && !logged; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      logged = lines.find((l) => l.startsWith('GET /files/'));
    }
    expect(logged).toMatch(new RegExp(`^GET /files/${doc.id}\\?\\*\\*\\* 200 \\d+ms -$`));
    expect(lines.join('\n')).not.toContain(link.searchParams.get('signature')!);
  });
});
