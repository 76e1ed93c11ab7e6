/**
 * `lib serve` itself: what it prints at start, how it stops, and its bad input.
 * (What it serves is tested in test/server, test/conformance and test/e2e-mistral.)
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, Sandbox, UUID } from '../helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

/** Start `lib serve ARGS`, return its first stdout line, then stop it with SIGTERM and return how it ended. */
async function startAndStop(args: string[]): Promise<{ first: string; code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    env: sb.env as NodeJS.ProcessEnv,
    cwd: sb.work,
  });
  let out = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  const all = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c;
      if (out.includes('principal') || out.startsWith('{')) setTimeout(() => resolve(out), 100);
    });
    child.on('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
  });
  child.removeAllListeners('exit');
  const code = await new Promise<number | null>((resolve) => {
    child.on('exit', (c) => resolve(c));
    child.kill('SIGTERM');
  });
  return { first: all, code, stderr };
}

describe('lib serve', () => {
  it('with no --token makes one principal and prints its token once; SIGTERM stops it with exit 0', async () => {
    const r = await startAndStop([]);
    const lines = r.first.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^lib serve: listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[1]).toMatch(/^dialect mistral: LIB_BASE_URL=http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[2]).toMatch(/^dialect hal: LIB_BASE_URL=http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[3]).toMatch(/^dialect ai21: LIB_BASE_URL=http:\/\/127\.0\.0\.1:\d+\/studio\/v1$/);
    expect(lines[4]).toMatch(new RegExp(`^organization ${UUID.source} workspace ${UUID.source}$`));
    expect(lines[5]).toMatch(new RegExp(`^principal local user ${UUID.source} token lib_\\S{20,} \\(shown once\\)$`));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('--json prints one line; given tokens are never echoed', async () => {
    const r = await startAndStop(['--json', '--token', 'alice=alice-secret-1', '--token', 'bob=bob-secret-2']);
    const info = JSON.parse(r.first.split('\n')[0]!);
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.principals.map((p: { name: string; token: string | null }) => [p.name, p.token])).toEqual([
      ['alice', null],
      ['bob', null],
    ]);
    expect(r.first).not.toContain('secret');
  });

  it.each([
    [['--token', 'bad'], 'lib: invalid --token "bad": expected NAME=SECRET (secret of 4+ characters, no spaces)\n'],
    [['--token', 'a=b'], 'lib: invalid --token "a": expected NAME=SECRET (secret of 4+ characters, no spaces)\n'],
    [['--token', 'a=abcd', '--token', 'a=efgh'], 'lib: --token a is given twice\n'],
    [['--port', '70000'], 'lib: --port must be at most 65535\n'],
    [
      ['--faults', '429=2'],
      'lib: invalid --faults "429=2": expected KIND=RATE[,KIND=RATE...] with KIND one of 429, 500, 502, 503, 504, reset, lost and RATE between 0 and 1\n',
    ],
  ])('%j is exit 2 with one line', async (args, stderr) => {
    const r = await sb.run(['serve', ...args]);
    expect(r).toEqual(expect.objectContaining({ code: 2, stdout: '', stderr }));
  });

  it('a port in use is exit 1 with a hint', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const r = await sb.run(['serve', '--port', String(port)]);
    blocker.close();
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `lib: cannot listen on 127.0.0.1:${port}: EADDRINUSE\nChoose another --port, or --port 0 for a free one.\n`,
    );
  });
});
