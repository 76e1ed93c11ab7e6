import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, CancelError, FailedError, UsageError } from '../../src/errors.js';
import { createHttpClient, fileForm, type HttpClient, type HttpClientOptions } from '../../src/http/index.js';
import { sendJson, startServer, type Handler, type TestServer } from './server.js';

const KEY = 'sk-test-0123456789abcdef';

let server: TestServer | undefined;
let client: HttpClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = server = undefined;
});

async function setup(handler: Handler, opts: Partial<HttpClientOptions> = {}) {
  server = await startServer(handler);
  const lines: string[] = [];
  client = createHttpClient({
    baseUrl: server.url,
    apiKey: KEY,
    userAgent: 'lib/1.2.3 node/test',
    providerName: 'test',
    retryBaseMs: 1,
    debug: (line) => lines.push(line),
    ...opts,
  });
  return { server, client, lines };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('requests', () => {
  it('sends auth, user agent and query; traces with the key redacted', async () => {
    const { server, client, lines } = await setup((_req, res) => sendJson(res, 200, { ok: true }));
    const body = await client.getJson('/v1/libraries', { page_size: 100, page_token: undefined });
    expect(body).toEqual({ ok: true });
    const [req] = server.requests;
    expect(req!.url).toBe('/v1/libraries?page_size=100');
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req!.headers['user-agent']).toBe('lib/1.2.3 node/test');
    expect(lines[0]).toBe(`> GET ${server.url}/v1/libraries?page_size=100`);
    expect(lines).toContain('> authorization: Bearer ***');
    expect(lines.at(-1)).toMatch(/^< 200 OK \(\d+ ms\)$/);
    expect(lines.join('\n')).not.toContain(KEY);
  });

  it('keeps a base URL path prefix', async () => {
    const { server } = await setup((_req, res) => sendJson(res, 200, {}));
    const prefixed = createHttpClient({
      baseUrl: `${server.url}/mistral/`,
      userAgent: 'x',
      providerName: 'test',
    });
    await prefixed.getJson('/v1/libraries');
    await prefixed.close();
    expect(server.requests[0]!.url).toBe('/mistral/v1/libraries');
  });

  it('uses a custom auth header', async () => {
    const { server, lines } = await setup((_req, res) => sendJson(res, 200, {}), {
      authHeader: (k) => ['x-api-key', k],
    });
    await client!.getJson('/x');
    expect(server.requests[0]!.headers['x-api-key']).toBe(KEY);
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(lines).toContain('> x-api-key: ***');
  });

  it('returns undefined for an empty 204', async () => {
    const { client } = await setup((_req, res) => {
      res.statusCode = 204;
      res.end();
    });
    const res = await client.request({ method: 'DELETE', path: '/x' });
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
  });
});

describe('retries', () => {
  it('honors Retry-After on 429', async () => {
    const slept: number[] = [];
    const { server, client, lines } = await setup(
      (_req, res, i) =>
        i === 0 ? sendJson(res, 429, { message: 'slow down' }, { 'retry-after': '1' }) : sendJson(res, 200, { n: i }),
      { clock: { now: Date.now, sleep: async (ms: number) => void slept.push(ms) } },
    );
    expect(await client.getJson('/x')).toEqual({ n: 1 });
    // The client waited out the second the server asked for, on the injected clock.
    expect(slept).toEqual([1000]);
    expect(server.requests).toHaveLength(2);
    expect(lines).toContain('! retrying in 1000 ms (Retry-After: 1)');
  });

  it('retries 503 and succeeds', async () => {
    const { server, client } = await setup((_req, res, i) =>
      i < 2 ? sendJson(res, 503, { message: 'busy' }) : sendJson(res, 200, { done: true }),
    );
    expect(await client.getJson('/x')).toEqual({ done: true });
    expect(server.requests).toHaveLength(3);
  });

  it('retries a connection reset', async () => {
    const { server, client } = await setup((req, res, i) => {
      if (i === 0) req.socket.destroy();
      else sendJson(res, 200, { ok: 1 });
    });
    expect(await client.getJson('/x')).toEqual({ ok: 1 });
    expect(server.requests).toHaveLength(2);
  });

  it('is bounded by retries; a server shedding load (503) gets twice as many', async () => {
    const { server, client } = await setup((_req, res) => sendJson(res, 503, { message: 'down' }), { retries: 2 });
    const err = await failure(client.getJson('/x'));
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(503);
    expect(err.message).toBe('down (test, 503)');
    expect(server.requests).toHaveLength(5);

    const broken = await setup((_req, res) => sendJson(res, 500, { message: 'bug' }), { retries: 2 });
    expect(((await failure(broken.client.getJson('/x'))) as ApiError).status).toBe(500);
    expect(broken.server.requests).toHaveLength(3);
  });

  it('a POST with recover: after a 5xx it asks whether the work was done before sending again', async () => {
    let posts = 0;
    const { server, client } = await setup((_req, res) => {
      posts++;
      sendJson(res, 502, { message: 'bad gateway' });
    });
    let asked = 0;
    const res = await client.sendJson(
      'POST',
      '/x',
      { a: 1 },
      { recover: async () => (++asked === 2 ? { id: 'made' } : undefined) },
    );
    expect(res.body).toEqual({ id: 'made' });
    expect(asked).toBe(2);
    expect(posts).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a POST unless marked retryable', async () => {
    const { server, client } = await setup((_req, res) => sendJson(res, 503, {}));
    const err = await failure(client.sendJson('POST', '/x', { a: 1 }));
    expect((err as ApiError).status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a POST refused with 429: the server did no work', async () => {
    const { server, client } = await setup((_req, res, i) =>
      i < 2 ? sendJson(res, 429, { message: 'slow down' }, { 'retry-after': '0' }) : sendJson(res, 201, { id: 'x' }),
    );
    const res = await client.sendJson('POST', '/x', { a: 1 });
    expect(res.status).toBe(201);
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'POST']);
  });

  it('retries a refused connection, even for a POST, since nothing was sent', async () => {
    client = createHttpClient({
      baseUrl: 'http://127.0.0.1:1',
      userAgent: 'x',
      providerName: 'test',
      retries: 2,
      retryBaseMs: 1,
    });
    const lines: string[] = [];
    const traced = createHttpClient({
      baseUrl: 'http://127.0.0.1:1',
      userAgent: 'x',
      providerName: 'test',
      retries: 2,
      retryBaseMs: 1,
      debug: (l) => lines.push(l),
    });
    const err = await failure(traced.sendJson('POST', '/x', {}));
    await traced.close();
    expect(err).toBeInstanceOf(FailedError);
    expect(lines.filter((l) => l.startsWith('> POST'))).toHaveLength(3);
  });

  it('does not retry a reset POST', async () => {
    const { server, client } = await setup((req) => void req.socket.destroy());
    const err = await failure(client.sendJson('POST', '/x', { a: 1 }));
    expect(err).toBeInstanceOf(FailedError);
    expect(err.message).toMatch(
      /^connection to http:\/\/127\.0\.0\.1:\d+ was closed during POST .*\/x \((UND_ERR_SOCKET|ECONNRESET)\)$/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it.each([400, 404])('does not retry %i', async (status) => {
    const { server, client } = await setup((_req, res) => sendJson(res, status, { detail: 'no' }));
    const err = await failure(client.getJson('/x'));
    expect((err as ApiError).status).toBe(status);
    expect(server.requests).toHaveLength(1);
  });

  it('rebuilds a retryable multipart upload with the right MIME type', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lib-http-'));
    const file = join(dir, 'notes.md');
    writeFileSync(file, '# hello\n');
    const { server, client } = await setup((req, res, i) => {
      if (i === 0) return void req.socket.destroy();
      if (i === 1) return sendJson(res, 503, {});
      sendJson(res, 201, { id: 'd1' });
    });
    const res = await client.request({
      method: 'POST',
      path: '/upload',
      form: fileForm('file', file, 'Renamed.md'),
      retryable: true,
    });
    expect(res.status).toBe(201);
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
    const last = server.requests.at(-1)!;
    expect(last.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const text = last.body.toString();
    expect(text).toContain('name="file"; filename="Renamed.md"');
    expect(text).toContain('Content-Type: text/markdown');
    expect(text).toContain('# hello\n');
  });
});

describe('errors', () => {
  it('renders a FastAPI 422 detail', async () => {
    const { client } = await setup((_req, res) =>
      sendJson(res, 422, {
        detail: [
          { loc: ['body', 'name'], msg: 'Field required', type: 'missing' },
          { loc: ['query', 'page_size'], msg: 'Input should be less than or equal to 100', type: 'less_than_equal' },
        ],
      }),
    );
    const err = await failure(client.sendJson('POST', '/x', {}));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe(
      'body.name: Field required; query.page_size: Input should be less than or equal to 100 (test, 422)',
    );
    expect((err as ApiError).exitCode).toBe(2);
  });

  it('makes an HTML proxy page readable', async () => {
    const { client } = await setup(
      (_req, res) => {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      },
      { retries: 0 },
    );
    const err = await failure(client.getJson('/x'));
    expect(err.message).toBe('HTTP 502 Bad Gateway (non-JSON response) (test, 502)');
    expect((err as ApiError).body).toContain('<html>');
  });

  it('hints at the key on 401 and never shows the key', async () => {
    const { client } = await setup((_req, res) => sendJson(res, 401, { message: `Invalid key ${KEY}` }), {
      authHint: 'check the API key',
    });
    const err = (await failure(client.getJson('/x'))) as ApiError;
    expect(err.message).toBe('Invalid key *** (test, 401)');
    expect(err.hint).toBe('check the API key');
    expect(err.exitCode).toBe(4);
    expect(JSON.stringify(err.body)).not.toContain(KEY);
  });

  it('names a refused connection', async () => {
    client = createHttpClient({ baseUrl: 'http://127.0.0.1:1', userAgent: 'x', providerName: 'test', retries: 0 });
    const err = await failure(client.getJson('/x'));
    expect(err).toBeInstanceOf(FailedError);
    expect(err.message).toBe('cannot connect to http://127.0.0.1:1 (ECONNREFUSED)');
  });

  it('times out waiting for headers', async () => {
    const { client } = await setup(() => undefined, { timeouts: { headers: 100 }, retries: 0 });
    const err = await failure(client.getJson('/slow'));
    expect(err).toBeInstanceOf(FailedError);
    expect(err.message).toMatch(/^timed out waiting for a response to GET http:\/\/127\.0\.0\.1:\d+\/slow$/);
  });

  it('refuses to send a key over plain http to a remote host', async () => {
    const create = () =>
      createHttpClient({ baseUrl: 'http://example.com', apiKey: KEY, userAgent: 'x', providerName: 'test' });
    expect(create).toThrow(UsageError);
    expect(create).toThrow('refusing to send the API key over plain http to example.com; use https');
    // Without a key, or over https, or to loopback, it is fine.
    createHttpClient({ baseUrl: 'http://example.com', userAgent: 'x', providerName: 'test' });
    createHttpClient({ baseUrl: 'https://example.com', apiKey: KEY, userAgent: 'x', providerName: 'test' });
    createHttpClient({ baseUrl: 'http://localhost:8700', apiKey: KEY, userAgent: 'x', providerName: 'test' });
    createHttpClient({ baseUrl: 'http://[::1]:8700', apiKey: KEY, userAgent: 'x', providerName: 'test' });
    // An absolute URL elsewhere is checked per request too.
    const { client } = await setup(() => undefined);
    const err = await failure(client.getJson('http://example.org/x'));
    expect(err).toBeInstanceOf(UsageError);
    expect(server!.requests).toHaveLength(0);
  });
});

describe('abort', () => {
  it('aborts an in-flight request', async () => {
    const controller = new AbortController();
    const { client } = await setup(() => undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const err = await failure(client.getJson('/hang'));
    expect(err).toBeInstanceOf(CancelError);
    expect((err as CancelError).exitCode).toBe(130);
  });

  it('aborts a backoff sleep', async () => {
    const controller = new AbortController();
    const { client } = await setup((_req, res) => sendJson(res, 503, {}, { 'retry-after': '30' }), {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const err = await failure(client.getJson('/x'));
    expect(err).toBeInstanceOf(CancelError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses to start when already aborted', async () => {
    const { server, client } = await setup((_req, res) => sendJson(res, 200, {}));
    const err = await failure(client.request({ method: 'GET', path: '/x', signal: AbortSignal.abort() }));
    expect(err).toBeInstanceOf(CancelError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('download', () => {
  it('streams a signed URL without the key, following a redirect', async () => {
    const { server, client, lines } = await setup((req, res) => {
      if (req.url!.startsWith('/signed')) {
        res.writeHead(302, { location: '/blob?sig=secret-signature' });
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.from('file bytes'));
    });
    const res = await client.download(`${server.url}/signed?token=abc`);
    const chunks: Buffer[] = [];
    for await (const chunk of res.body) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).toString()).toBe('file bytes');
    expect(server.requests.map((r) => r.url)).toEqual(['/signed?token=abc', '/blob?sig=secret-signature']);
    for (const r of server.requests) expect(r.headers.authorization).toBeUndefined();
    expect(lines.join('\n')).not.toContain('secret-signature');
    expect(lines).toContain(`> GET ${server.url}/blob?***`);
  });
});
