/**
 * On a terminal (a pseudo-terminal through `script`), bulk uploads and syncs
 * draw a progress bar on stderr and end with one summary line instead of a
 * line per file; with CI set there is no bar. Pipes getting none is what every
 * other sync and upload test checks (their stderr is exact).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_SCRIPT, runInTerminal, Sandbox } from '../helpers.js';

const sb = new Sandbox();
const dir = path.join(sb.work, 'tree');
beforeAll(async () => {
  for (let i = 0; i < 30; i++) {
    fs.mkdirSync(path.join(dir, `d${i % 3}`), { recursive: true });
    fs.writeFileSync(path.join(dir, `d${i % 3}`, `f${i}.md`), `file ${i}\n`);
  }
  await sb.lib(['library', 'create', 'up', '-q']);
  await sb.lib(['library', 'create', 'synced', '-q']);
});
afterAll(() => sb.cleanup());

describe.skipIf(!HAS_SCRIPT)('progress on a terminal', () => {
  it('file sync: a bar, then the summary; no bar with CI set', async () => {
    const r = await runInTerminal(sb, ['file', 'sync', dir, '-l', 'synced']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\r\x1b\[2KSyncing {2}\[[#-]{24}\] {2}\d+\/30 files {2}/);
    // The summary ends the output; ora's exit hook may show the cursor again after it.
    expect(r.stdout).toMatch(
      /\n?30 uploaded, 0 replaced, 0 moved, 0 deleted, 0 unchanged in \d+\.\d s\r?\n(\x1b\[\?25h)?$/,
    );
    expect(r.stdout).not.toContain('upload\t');
    fs.writeFileSync(path.join(dir, 'd0', 'f0.md'), 'edited\n');
    const ci = await runInTerminal(sb, ['file', 'sync', dir, '-l', 'synced'], { env: { CI: '1' } });
    expect(ci.code).toBe(0);
    expect(ci.stdout).not.toContain('Syncing');
    expect(ci.stdout).toMatch(/^0 uploaded, 1 replaced, 0 moved, 0 deleted, 29 unchanged in \d+\.\d s\r?\n$/);
  }, 30_000);

  it('file upload of many files: a bar and one summary line; --verbose keeps a line per file', async () => {
    const r = await runInTerminal(sb, ['file', 'upload', dir, '--recursive', '-l', 'up']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\r\x1b\[2KUploading {2}\[[#-]{24}\] {2}\d+\/30 files {2}/);
    expect(r.stdout).toMatch(/30 uploaded, 0 replaced, 0 unchanged \(\d+ B\) in \d+\.\d s\n/);
    expect(r.stdout).not.toMatch(/^Uploaded /m);
    const v = await runInTerminal(sb, ['file', 'upload', dir, '--recursive', '-l', 'up', '--overwrite', '-v']);
    expect(v.code).toBe(0);
    expect(v.stdout.match(/Replaced \S+ -> /g)).toHaveLength(30);
  }, 30_000);
});
