/**
 * A recursive upload that meets a subdirectory it cannot read uploads the
 * rest, names the directory on stderr, and exits 6 (partial). Run as an
 * unprivileged user: root reads every directory.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, Sandbox, type Result } from '../helpers.js';

const sandbox = new Sandbox();
afterAll(() => {
  const locked = path.join(sandbox.work, 'docs', 'locked');
  if (fs.existsSync(locked)) fs.chmodSync(locked, 0o700);
  fs.rmSync(path.join(sandbox.work, 'docs'), { recursive: true, force: true });
  sandbox.cleanup();
});

const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;
/** As root the test runs lib as nobody, who must be able to read the checkout (a clone in a 0700 dir is not). */
const canRun =
  !asRoot ||
  spawnSync(
    process.execPath,
    ['-e', `require('fs').accessSync(${JSON.stringify(BIN)}, require('fs').constants.R_OK)`],
    {
      uid: NOBODY,
      gid: NOBODY,
    },
  ).status === 0;
if (!canRun) console.warn(`skipping the unreadable-directory test: user ${NOBODY} cannot read ${BIN}`);

function run(args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: sandbox.env,
      cwd: sandbox.work,
      ...(asRoot && { uid: NOBODY, gid: NOBODY }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr, stdoutBytes: Buffer.from(stdout) }));
    child.stdin.end();
  });
}

describe.skipIf(process.platform === 'win32' || !canRun)('an unreadable subdirectory', () => {
  it('is one failed item: the other files go in, exit 6', async () => {
    const docs = path.join(sandbox.work, 'docs');
    sandbox.file('docs/a.md', '# a');
    sandbox.file('docs/locked/b.md', '# b');
    sandbox.file('docs/z.md', '# z');
    fs.chmodSync(path.join(docs, 'locked'), 0o000);
    // The unprivileged user must reach the sandbox (temp dirs are 0700).
    for (const dir of [sandbox.home, sandbox.work, docs]) fs.chmodSync(dir, 0o777);
    for (const file of ['a.md', 'z.md']) fs.chmodSync(path.join(docs, file), 0o644);

    expect((await run(['library', 'create', 'docs', '-q'])).code).toBe(0);
    const r = await run(['file', 'upload', 'docs', '--recursive', '-l', 'docs', '-q']);
    expect(r.code).toBe(6);
    expect(r.stderr).toBe(
      `lib: docs${path.sep}locked${path.sep}: cannot read this directory: permission denied\n` +
        `lib: 1 of 3 failed: docs${path.sep}locked${path.sep}\n`,
    );
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    const names = await run(['file', 'list', '-l', 'docs', '--json']);
    expect((JSON.parse(names.stdout) as { name: string }[]).map((f) => f.name).sort()).toEqual(['a.md', 'z.md']);
  });
});
