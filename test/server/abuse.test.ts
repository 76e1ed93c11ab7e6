/**
 * `lib serve` against clients that misbehave, over raw sockets on an ephemeral
 * loopback port: stalled headers and bodies are cut, a stranger gets 401
 * without sending a body, one address cannot hold every connection, and bad
 * input is a JSON error, never a 500 or a reset. Counts are small and time
 * limits are short, so this runs in a second.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, call, eventually, startTestServer, type TestServer } from './helpers.js';
import { bodyOf, rawConnect, statusOf, type Conn } from './raw.js';

let t: TestServer;
let port: number;
const LIMITS = { headersMs: 300, bodyMs: 400, idleMs: 400, connectionsPerClient: 4 };

beforeAll(async () => {
  t = await startTestServer({ limits: LIMITS });
  port = t.server.port;
});
afterAll(() => t.close());

const connect = (localAddress?: string): Promise<Conn> => rawConnect(port, localAddress);

// Each waits out a limit of its own on a connection of its own: side by side, not one after another.
describe.concurrent('time limits', () => {
  it('a client that never finishes its headers is answered 408 and closed', async () => {
    const c = await connect();
    c.socket.write('GET /v1/libraries HTTP/1.1\r\nHost: x\r\n'); // and then nothing
    const r = await c.received();
    expect(r.closed).toBe(true);
    expect(statusOf(r.text)).toBe(408);
    expect(bodyOf(r.text)).toEqual({ detail: 'Request timed out' });
  });

  it('a body that stops coming is cut by the body limit', async () => {
    const c = await connect();
    c.socket.write(
      `POST /v1/libraries HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ALICE}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":',
    );
    const r = await c.received();
    expect(r.closed).toBe(true);
  });

  it('a stranger gets 401 at once, without sending the body it announced', async () => {
    const c = await connect();
    c.socket.write('POST /v1/libraries/x/documents HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n');
    // The body never comes: a server that waited for it would close the connection without an answer.
    const r = await c.response(2_000);
    expect(statusOf(r.text)).toBe(401);
    expect(bodyOf(r.text)).toEqual({ detail: 'Unauthorized' });
    c.socket.destroy();
  });
});

describe('connections per client', () => {
  it('the one past the cap is told 429 and closed; another address and a freed slot still get in', async () => {
    // Its own address, so the connections it holds do not count against the other tests.
    const held = await Promise.all(Array.from({ length: LIMITS.connectionsPerClient }, () => connect('127.0.0.4')));
    const extra = await connect('127.0.0.4');
    const r = await extra.received();
    expect(r.closed).toBe(true);
    expect(statusOf(r.text)).toBe(429);
    expect(bodyOf(r.text)).toEqual({ detail: 'Too many connections from 127.0.0.4' });

    const other = await connect('127.0.0.2');
    other.socket.write(`GET /v1/libraries HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ALICE}\r\n\r\n`);
    await new Promise((resolve) => other.socket.once('data', resolve));
    other.socket.destroy();

    held[0]!.socket.destroy();
    await new Promise((resolve) => held[0]!.socket.once('close', resolve));
    // The server sees the close a moment after the client does: ask until the freed slot is taken.
    const again = await eventually(async () => {
      const c = await connect('127.0.0.4');
      c.socket.write(`GET /v1/libraries HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ALICE}\r\n\r\n`);
      const answer = await new Promise<string>((resolve) => c.socket.once('data', (d) => resolve(d.toString())));
      if (statusOf(answer) !== 200) c.socket.destroy();
      expect(statusOf(answer)).toBe(200);
      return c;
    });
    for (const c of [...held, again]) c.socket.destroy();
  });
});

describe('bad input is a JSON error', () => {
  it('bad percent-encoding in a signed link is 400', async () => {
    const r = await call(t.url, 'GET', '/files/%E0%A4%A?dialect=mistral&kind=raw&expires=1&signature=00', {
      token: null,
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ detail: 'Invalid percent-encoding in the link' });
  });

  it('deeply nested JSON is 422, and the connection answers', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const r = await call(t.url, 'POST', '/v1/libraries', {
      body: deep,
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(422);
    expect(JSON.stringify(r.body)).toContain('nested deeper than 64 levels');
  });

  it('headers over 16 KB are a JSON 431', async () => {
    const c = await connect('127.0.0.3'); // an address the cap test above did not use
    c.socket.write(`GET /v1/libraries HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    const r = await c.received();
    expect(statusOf(r.text)).toBe(431);
    expect(bodyOf(r.text)).toEqual({ detail: 'Request headers too large' });
  });
});
