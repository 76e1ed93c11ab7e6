/**
 * Ctrl-C: a SIGINT while lib waits on the server stops it at once with exit
 * 130 and one line on stderr, whatever it was doing (polling or sleeping).
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers.js';
import { Cli, startServe, type Serve } from './helpers.js';

let serve: Serve;
let alice: Cli;

beforeAll(async () => {
  // Documents stay pending for a minute, so `file wait` has something to wait for.
  serve = await startServe({ processingMs: 60_000, log: true });
  alice = new Cli(serve, serve.alice.token);
  await alice.ok(['library', 'create', 'slow']);
  alice.file('a.txt', 'waiting for processing\n');
  await alice.ok(['file', 'upload', 'a.txt', '--library', 'slow']);
}, 60_000);

afterAll(async () => {
  alice?.cleanup();
  await serve?.dispose();
});

describe('Ctrl-C', () => {
  it('interrupts `file wait` with exit 130', async () => {
    const child = spawn(process.execPath, [BIN, 'file', 'wait', 'a.txt', '--library', 'slow', '--timeout', '60'], {
      env: alice.sandbox.env as NodeJS.ProcessEnv,
      cwd: alice.work,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    // Until it polls: the library and the file are resolved and lib's SIGINT handler is in place.
    // (A fixed wait was outrun on a busy machine: the signal came before the handler.)
    const before = serve.stderr().length;
    const deadline = Date.now() + 20_000;
    while (!/GET \/v1\/libraries\/[^/ ]+\/documents\/[^/ ?]+\/status /.test(serve.stderr().slice(before))) {
      if (Date.now() > deadline) throw new Error(`lib file wait never polled: ${serve.stderr()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const sent = Date.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(Date.now() - sent).toBeLessThan(5000);
    expect(stdout).toBe('');
    expect(stderr).toBe('lib: interrupted\n');
  }, 30_000);
});
