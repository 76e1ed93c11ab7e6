/**
 * `lib serve`'s time limits beyond headers and body silence (see abuse.test.ts):
 * an idle keep-alive connection is closed, a whole-request limit cuts a client
 * that drips its body, and the CLI flags reach the server. Raw sockets on an
 * ephemeral loopback port; limits are short, counts small.
 */
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, Sandbox } from '../helpers.js';
import { ALICE, startTestServer, type TestServer } from './helpers.js';
import { bodyOf, rawConnect, statusOf } from './raw.js';

const servers: TestServer[] = [];
const sb = new Sandbox();
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  sb.cleanup();
});

const GET = `GET /v1/libraries HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ALICE}\r\n\r\n`;

// Each test waits out real time limits on a server of its own: they run side by side.
describe.concurrent('keep-alive', () => {
  it('a connection left idle after an answer is closed after the idle limit, whatever the body limit', async () => {
    const t = await startTestServer({ limits: { idleMs: 300, bodyMs: 600_000, headersMs: 600_000 } });
    servers.push(t);
    const c = await rawConnect(t.server.port);
    c.socket.write(GET);
    // Well within Node's own default (5 s), which would keep it open longer.
    const r = await c.received(4_000);
    expect(statusOf(r.text)).toBe(200);
    expect(r.closed).toBe(true);
  });
});

describe.concurrent('whole-request limit', () => {
  it('a client dripping its body is answered 408 and closed', async () => {
    const t = await startTestServer({ limits: { requestMs: 800, bodyMs: 600_000, headersMs: 600_000 } });
    servers.push(t);
    const c = await rawConnect(t.server.port);
    c.socket.write(
      `POST /v1/libraries HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ALICE}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n',
    );
    // One byte every 50 ms: never silent long enough for the body limit, 100 s to finish.
    const drip = setInterval(() => c.socket.writable && c.socket.write(' '), 50);
    try {
      const r = await c.received();
      expect(r.closed).toBe(true);
      expect(statusOf(r.text)).toBe(408);
      expect(bodyOf(r.text)).toEqual({ detail: 'Request timed out' });
    } finally {
      clearInterval(drip);
      c.socket.destroy();
    }
  });
});

/** `lib serve ARGS` on a free port: its URL, and a stop function. */
async function serve(args: string[]): Promise<{ port: number; stop(): void }> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--port', '0', '--json', '--token', `alice=${ALICE}`, '--data', sb.home + '/data', ...args],
    { env: sb.env as NodeJS.ProcessEnv, cwd: sb.work },
  );
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c;
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('exit', (code) => reject(new Error(`lib serve exited ${code}: ${err}`)));
  });
  child.removeAllListeners('exit');
  return { port: Number(new URL((JSON.parse(line) as { url: string }).url).port), stop: () => child.kill('SIGTERM') };
}

describe.concurrent('lib serve flags', () => {
  it('--max-client-connections and --headers-timeout-ms reach the server', async () => {
    const s = await serve(['--max-client-connections', '2', '--headers-timeout-ms', '300']);
    try {
      const held = [await rawConnect(s.port), await rawConnect(s.port)];
      const extra = await rawConnect(s.port);
      const refused = await extra.received();
      expect(statusOf(refused.text)).toBe(429);
      expect(refused.closed).toBe(true);

      held[0]!.socket.write('GET /v1/libraries HTTP/1.1\r\nHost: x\r\n'); // and then nothing
      const stalled = await held[0]!.received();
      expect(statusOf(stalled.text)).toBe(408);
      for (const c of held) c.socket.destroy();
    } finally {
      s.stop();
    }
  });

  it('a limit that is not a whole number of milliseconds is exit 2 with one line', async () => {
    expect(await sb.run(['serve', '--port', '0', '--idle-timeout-ms', '0'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(
        /^lib: option '--idle-timeout-ms <ms>' argument '0' is invalid\. --idle-timeout-ms must be a whole number of milliseconds from 1 to 86400000\n/,
      ) as unknown,
    });
    expect((await sb.run(['serve', '--port', '0', '--max-client-connections', 'many'])).code).toBe(2);
  });
});
