/**
 * On a terminal, bulk uploads and syncs draw a progress bar on stderr and end
 * with one summary line instead of a line per file; with CI set there is no
 * bar. Once on a pseudo-terminal (through `script`), the rest in-process on a
 * test IO that is a terminal. Pipes getting none is what every
 * other sync and upload test checks (their stderr is exact).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_SCRIPT, runInTerminal, runOnTestTerminal, Sandbox, stripAnsi } from '../helpers.js';

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

// A real pseudo-terminal: lib finds out by itself that stderr is one and draws the bar.
describe.skipIf(!HAS_SCRIPT)('progress on a real terminal', () => {
  it('file sync: a bar, then the summary', async () => {
    const r = await runInTerminal(sb, ['file', 'sync', dir, '-l', 'synced']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\r\x1b\[2KSyncing {2}\[[#-]{24}\] {2}\d+\/30 files {2}/);
    // The summary ends the output; ora's exit hook may show the cursor again after it.
    expect(r.stdout).toMatch(
      /\n?30 uploaded, 0 replaced, 0 moved, 0 deleted, 0 unchanged in \d+\.\d s\r?\n(\x1b\[\?25h)?$/,
    );
    expect(r.stdout).not.toContain('upload\t');
  }, 30_000);
});

// In-process on a test IO that is a terminal: stdout and stderr apart, so where each line goes is exact.
describe('progress on a terminal (test IO)', () => {
  it('file sync: the bar and the summary on stderr, nothing on stdout; no bar with CI set', async () => {
    await sb.lib(['library', 'create', 'synced-here', '-q']);
    const r = await runOnTestTerminal(sb, ['file', 'sync', dir, '-l', 'synced-here']);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toMatch(/\r\x1b\[2KSyncing {2}\[[#-]{24}\] {2}\d+\/30 files {2}/);
    expect(r.stderr).toMatch(/\r\x1b\[2K30 uploaded, 0 replaced, 0 moved, 0 deleted, 0 unchanged in \d+\.\d s\n$/);
    const edited = path.join(sb.work, 'tree-edited');
    fs.cpSync(dir, edited, { recursive: true });
    fs.writeFileSync(path.join(edited, 'd0', 'f0.md'), 'edited\n');
    const ci = await runOnTestTerminal(sb, ['file', 'sync', edited, '-l', 'synced-here'], { env: { CI: '1' } });
    expect(ci).toMatchObject({ code: 0, stdout: '' });
    expect(ci.stderr).toMatch(/^0 uploaded, 1 replaced, 0 moved, 0 deleted, 29 unchanged in \d+\.\d s\n$/);
  });

  it('file upload of many files: a bar and one summary line; --verbose keeps a line per file', async () => {
    const r = await runOnTestTerminal(sb, ['file', 'upload', dir, '--recursive', '-l', 'up']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\r\x1b\[2KUploading {2}\[[#-]{24}\] {2}\d+\/30 files {2}/);
    expect(r.stderr).toMatch(/\r\x1b\[2K30 uploaded, 0 replaced, 0 unchanged \(\d+ B\) in \d+\.\d s\n$/);
    expect(r.stderr).not.toMatch(/Uploaded /);
    // stdout has the uploaded files' table: a header and 30 rows.
    expect(stripAnsi(r.stdout).trimEnd().split('\n')).toHaveLength(31);
    const v = await runOnTestTerminal(sb, ['file', 'upload', dir, '--recursive', '-l', 'up', '--overwrite', '-v']);
    expect(v.code).toBe(0);
    expect(v.stderr.match(/Replaced \S+ -> /g)).toHaveLength(30);
    expect(v.stdout).not.toMatch(/Replaced /);
  });
});
