/**
 * What was done is printed even when the command does not finish: after
 * Ctrl-C in a bulk upload (exit 130), and when `upload --wait` times out
 * (exit 1): the files that went in are on stdout, so a script has their ids.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestClock } from '../clock.js';
import { BIN, Sandbox } from '../helpers.js';
import { Cli, newSecrets, startServe, writeFiles, type Serve } from '../e2e-mistral/helpers.js';

const sb = new Sandbox();
let serve: Serve | undefined;
let alice: Cli | undefined;
afterAll(async () => {
  alice?.cleanup();
  await serve?.dispose();
  sb.cleanup();
});

describe('output of a command that does not finish', () => {
  it('Ctrl-C in a bulk upload prints the files that went in, and exits 130', async () => {
    await sb.lib(['library', 'create', 'big', '-q']);
    writeFiles(path.join(sb.work, 'many'), 3000, 'doc');
    const child = spawn(process.execPath, [BIN, 'file', 'upload', 'many', '--recursive', '-l', 'big'], {
      env: sb.env,
      cwd: sb.work,
    });
    let stdout = '';
    let stderr = '';
    let sent = false; // once: a second Ctrl-C means "stop now", without the summary
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c;
      if (!sent && (stderr.match(/^Uploaded /gm) ?? []).length >= 20) sent = child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(/lib: interrupted\n$/);
    const printed = stdout.split('\n').filter(Boolean);
    expect(printed.length).toBeGreaterThanOrEqual(20);
    expect(printed.length).toBeLessThan(3000);
    // Exactly what is in the library now: nothing done went unreported.
    const inLibrary = (await sb.lib(['file', 'list', '-l', 'big', '--all', '-q'])).split('\n').filter(Boolean);
    expect(new Set(printed.map((l) => l.split('\t')[0]))).toEqual(new Set(inLibrary));
  }, 60_000);

  it('upload --wait that times out prints the files it uploaded, and exits 1', async () => {
    const secrets = newSecrets();
    // The second of --timeout passes on a clock lib's polls move, not in real time.
    serve = await startServe({ processingMs: 60_000, secrets, clock: new TestClock() });
    alice = new Cli(serve, secrets.alice);
    await alice.ok(['library', 'create', 'Slow']);
    const dir = path.join(alice.work, 'up');
    writeFiles(dir, 3, 'doc');
    const r = await alice.run(['file', 'upload', dir, '--recursive', '-l', 'Slow', '--wait', '--timeout', '1', '-q']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^lib: timed out after 1s waiting for /);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(3);
  }, 60_000);
});
