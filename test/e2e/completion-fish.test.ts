/**
 * fish, run for real where it is installed: the script `lib completion fish`
 * prints, sourced, with `complete -C` asking for each line and lib itself
 * answering (a `lib` on PATH that is the built binary, for one line; the
 * others ask a stand-in that this process answers, complete-proxy.ts). Values lib cannot know
 * get nothing, local paths only where a local path belongs, directories for
 * serve --data. (The rules themselves are checked for every flag through
 * lib __complete in completion-values.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, Sandbox } from '../helpers.js';
import { runShell, startCompleteProxy } from './complete-proxy.js';

const sb = new Sandbox();
// Lookups get all the time they need here (a loaded machine is slow); the deadline has its own test.
sb.env.LIB_COMPLETE_TIMEOUT_MS = '60000';
afterAll(() => sb.cleanup());

const HAS_FISH = spawnSync('fish', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!HAS_FISH)('fish, run for real', () => {
  it('offers what lib __complete answers, and nothing where nothing fits', async () => {
    const script = path.join(sb.home, 'lib.fish');
    fs.writeFileSync(script, await sb.lib(['completion', 'fish']));
    const bin = path.join(sb.home, 'bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(BIN, path.join(bin, 'lib'));
    fs.writeFileSync(path.join(sb.work, 'notes.md'), 'x');
    fs.mkdirSync(path.join(sb.work, 'store'));
    // The executable answers one line; the others, a stand-in answered by this process (complete-proxy.ts).
    const proxy = await startCompleteProxy(sb.home, sb.env);
    const lines = [
      'lib --profile ',
      'lib file list --library ',
      'lib file upload ',
      'lib serve --data ',
      'lib library create x --data ',
    ];
    const asTyped = (l: string, i: number) => (i === 0 ? l : l.replace(/^lib /, `${proxy.bin} `));
    const body = lines.map((l, i) => `echo (complete -C '${asTyped(l, i)}' | string split -f1 \\t)`).join('\n');
    const r = await runShell('fish', ['--no-config', '-c', `source '${script}'\n${body}`], {
      cwd: sb.work,
      env: { ...sb.env, PATH: `${bin}:${path.dirname(process.execPath)}:${process.env.PATH ?? ''}` },
    });
    await proxy.close();
    expect(r.stderr).toBe('');
    // What the script asked lib: the words after the program's name, the one being completed last.
    expect(proxy.asked).toEqual([
      ['__complete', 'file', 'list', '--library', ''],
      ['__complete', 'file', 'upload', ''],
      ['__complete', 'serve', '--data', ''],
      ['__complete', 'library', 'create', 'x', '--data', ''],
    ]);
    const got = Object.fromEntries(
      r.stdout
        .split('\n')
        .slice(0, lines.length)
        .map((l, i) => [lines[i]!, l.split(' ').filter(Boolean)]),
    );
    expect(got).toEqual({
      'lib --profile ': ['local'],
      'lib file list --library ': [],
      'lib file upload ': ['notes.md', 'store/'],
      'lib serve --data ': ['store/'],
      'lib library create x --data ': [],
    });
  });
});
