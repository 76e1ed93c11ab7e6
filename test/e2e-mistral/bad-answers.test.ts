/**
 * A server whose 200s are not the promised shape: lib says so in one line and
 * exits 1 instead of counting `{}` as an upload or failing with an internal
 * error; an answer too large to hold is refused before it is read. The server
 * here is a tiny stand-in for a broken Mistral (lib serve never answers like
 * this), speaking plain HTTP on an ephemeral loopback port.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers.js';

const LIB = '11111111-1111-4111-8111-111111111111';
const answers: Record<string, { status?: number; body: string; headers?: Record<string, string> }> = {
  [`GET /v1/libraries/${LIB}`]: {
    body: JSON.stringify({ id: LIB, name: 'docs', created_at: '2026-01-01T00:00:00Z' }),
  },
  [`POST /v1/libraries/${LIB}/documents`]: { body: '{}' },
  'GET /v1/libraries': { body: '{"data":5}' },
  [`GET /v1/libraries/${LIB}/documents`]: {
    body: 'x'.repeat(16),
    headers: { 'content-length': String(100 * 1024 * 1024) },
  },
};

let server: http.Server;
let url: string;
const sb = new Sandbox();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const answer = answers[`${req.method} ${(req.url ?? '').split('?')[0]}`];
      if (!answer) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
        return;
      }
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      // A declared length larger than what is sent: the client must refuse on the header alone.
      if (answer.headers?.['content-length']) res.write(answer.body, () => res.socket?.destroy());
      else res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sb.env = {
    ...sb.env,
    LIB_PROVIDER: 'mistral',
    LIB_BASE_URL: url,
    LIB_API_KEY: 'key-12345678',
    LIB_RETRY_BASE_MS: '1',
  };
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  sb.cleanup();
});

describe('answers that are not what the API promises', () => {
  it('a 200 {} for an upload is a failure, not an upload', async () => {
    const r = await sb.run(['file', 'upload', sb.file('a.md', '# a'), '-l', LIB]);
    expect(r).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'lib: unexpected answer from the server: the document has no "id"\n',
    });
  });

  it('{"data": 5} for a list is one clear line', async () => {
    const r = await sb.run(['library', 'list']);
    expect(r).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'lib: unexpected answer from the server: the library list has a non-array "data"\n',
    });
  });

  it('an answer larger than lib reads into memory is refused on its declared length', async () => {
    const r = await sb.run(['file', 'list', '-l', LIB, '--retries', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^lib: the response to GET \S+ is larger than 64 MiB; not reading it\n$/);
  });
});
