/**
 * A `lib file upload` killed with SIGKILL mid-stream leaves its temp file in
 * the data dir; the next lib command sweeps it, and nothing else is lost.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readdirSync, writeSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, Sandbox } from '../helpers.js';

const sandbox = new Sandbox();
afterAll(() => sandbox.cleanup());

describe('a killed upload', () => {
  it('leaves nothing behind after the next command', async () => {
    await sandbox.lib(['library', 'create', 'docs', '-q']);
    await sandbox.lib(['file', 'upload', sandbox.file('keep.md', '# keep'), '-l', 'docs', '-q']);
    const big = path.join(sandbox.work, 'big.bin');
    const fd = openSync(big, 'w');
    const chunk = Buffer.alloc(1 << 20, 7);
    for (let i = 0; i < 400; i++) writeSync(fd, chunk);
    closeSync(fd);

    const tmp = path.join(sandbox.home, 'data', 'tmp');
    const child = spawn(process.execPath, [BIN, 'file', 'upload', big, '-l', 'docs'], {
      env: sandbox.env,
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Kill it once its temp file exists: it is streaming the content into the store.
    const deadline = Date.now() + 20_000;
    while (!(existsSync(tmp) && readdirSync(tmp).some((n) => n.endsWith('.tmp'))) && Date.now() < deadline)
      await sleep(5);
    child.kill('SIGKILL');
    await exited;
    expect(readdirSync(tmp).length).toBe(1); // what the killed writer left

    const names = await sandbox.lib(['file', 'list', '-l', 'docs', '--json']);
    expect((JSON.parse(names) as { name: string }[]).map((f) => f.name)).toEqual(['keep.md']);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
