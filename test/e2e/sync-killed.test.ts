/**
 * A `lib file sync` killed with SIGKILL mid-way (the real binary), then run
 * again: the library ends equal to the directory, each file once, and a third
 * run has nothing to do. On the local provider and against lib serve (hal).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, Sandbox } from '../helpers.js';
import { startHal, type HalServe, type Json } from '../e2e-hal/helpers.js';

const sb = new Sandbox();
let hal: HalServe | undefined;
afterAll(async () => {
  sb.cleanup();
  await hal?.close();
});

const FILES = 120;

function tree(dir: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < FILES; i++) {
    const rel = `d${i % 4}/f${String(i).padStart(3, '0')}.md`;
    fs.mkdirSync(path.join(dir, path.dirname(rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), `file ${i}\n`);
    keys.push(rel);
  }
  return keys.sort();
}

/** Start a sync in the real binary and send `sig` once `lines` actions were printed. */
async function killedSync(
  args: string[],
  env: Record<string, string>,
  lines: number,
  sig: 'SIGKILL' | 'SIGINT' = 'SIGKILL',
): Promise<{ out: string; err: string; code: number | null; signal: string | null }> {
  const child = spawn(process.execPath, [BIN, 'file', 'sync', ...args], { env, cwd: sb.work });
  let out = '';
  let err = '';
  let killed = false;
  child.stderr.on('data', (c: Buffer) => (err += c));
  child.stdout.on('data', (c: Buffer) => {
    out += c;
    if (!killed && out.split('\n').length > lines) killed = child.kill(sig);
  });
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  expect(killed, `the sync finished before it could be stopped (exit ${code})`).toBe(true);
  return { out, err, code, signal };
}

describe('a sync killed with SIGKILL and run again', () => {
  it('converges on the local provider: every file once, nothing lost', async () => {
    await sb.lib(['library', 'create', 'killed', '-q']);
    const dir = path.join(sb.work, 'local-tree');
    const keys = tree(dir);
    // Ctrl-C first: what was done is printed, the state kept, exit 130.
    const stopped = await killedSync([dir, '-l', 'killed', '--concurrency', '2'], sb.env, 5, 'SIGINT');
    expect(stopped.code).toBe(130);
    expect(stopped.err).toMatch(/lib: interrupted\n$/);
    const done = stopped.out.split('\n').filter(Boolean).length;
    expect(done).toBeGreaterThanOrEqual(5);
    expect(done).toBeLessThan(FILES);
    const killed = await killedSync([dir, '-l', 'killed', '--concurrency', '2'], sb.env, 10);
    expect(killed.signal).toBe('SIGKILL');
    const again = await sb.run(['file', 'sync', dir, '-l', 'killed']);
    expect(again.code, again.stderr).toBe(0);
    const listed = (JSON.parse(await sb.lib(['file', 'list', '-l', 'killed', '--all', '--json'])) as Json[])
      .map((f) => `${f.path}${f.name}`)
      .sort();
    expect(listed).toEqual(keys);
    const third = await sb.run(['file', 'sync', dir, '-l', 'killed']);
    expect(third).toMatchObject({ code: 0, stdout: '' });
    expect(third.stderr).toMatch(new RegExp(`^0 uploaded, 0 replaced, 0 moved, 0 deleted, ${FILES} unchanged in `));
  }, 60_000);

  it('converges against lib serve (hal)', async () => {
    hal = await startHal({ processingMs: 0 });
    const alice = hal.cli('alice');
    await alice.ok(['library', 'create', 'killed']);
    const dir = path.join(alice.work, 'tree');
    const keys = tree(dir);
    const env = { ...alice.sandbox.env };
    expect((await killedSync([dir, '-l', 'alice:killed'], env, 15)).signal).toBe('SIGKILL');
    const again = await alice.run(['file', 'sync', dir, '-l', 'alice:killed']);
    expect(again.code, again.stderr).toBe(0);
    const listed = ((await alice.json(['file', 'list', '-l', 'alice:killed', '--all'])) as Json[])
      .map((f) => `${f.path}${f.name}`)
      .sort();
    expect(listed).toEqual(keys);
    const third = await alice.run(['file', 'sync', dir, '-l', 'alice:killed']);
    expect(third).toMatchObject({ code: 0, stdout: '' });
  }, 60_000);
});
