/** LIB_SERVE_LOG lines never carry a signed link's credential. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, fileForm, startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
const lines: string[] = [];
const waiters: Array<{ prefix: string; resolve: (line: string) => void }> = [];

/** The first log line starting with `prefix`, once it is written (after the reply is done). */
function logged(prefix: string): Promise<string> {
  const line = lines.find((l) => l.startsWith(prefix));
  return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => waiters.push({ prefix, resolve }));
}

beforeAll(async () => {
  t = await startTestServer({
    log: (line) => {
      lines.push(line);
      for (const w of waiters.filter((w) => line.startsWith(w.prefix))) w.resolve(line);
    },
  });
});
afterAll(() => t.close());

describe('the request log', () => {
  it('shows a signed link by its path only', async () => {
    const lib = (await call(t.url, 'POST', '/v1/libraries', { json: { name: 'Log' } })).body.id;
    const doc = (await call(t.url, 'POST', `/v1/libraries/${lib}/documents`, { body: fileForm('a.txt', 'a') })).body;
    const link = new URL((await call(t.url, 'GET', `/v1/libraries/${lib}/documents/${doc.id}/signed-url`)).body);
    expect((await fetch(link)).status).toBe(200);
    expect(await logged('GET /files/')).toMatch(new RegExp(`^GET /files/${doc.id}\\?\\*\\*\\* 200 \\d+ms -$`));
    expect(lines.join('\n')).not.toContain(link.searchParams.get('signature')!);
  });
});
