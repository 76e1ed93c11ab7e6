/**
 * zsh, where it is installed: the script `lib completion zsh` prints, sourced
 * in a plain zsh with the completion system's functions it calls (_describe,
 * _files, _directories, compdef) standing in as recorders, `words` and
 * CURRENT set as zsh sets them, and lib itself answering (the built binary,
 * for one line; the others ask a stand-in that this process answers,
 * complete-proxy.ts). What reaches
 * _describe is what the user is offered: `value:description`, a colon in a
 * value escaped, nothing where nothing fits.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, Sandbox } from '../helpers.js';
import { runShell, startCompleteProxy } from './complete-proxy.js';

const HAS_ZSH = spawnSync('zsh', ['--version'], { encoding: 'utf8' }).status === 0;
const sb = new Sandbox();
// Lookups get all the time they need here (a loaded machine is slow); the deadline has its own test.
sb.env.LIB_COMPLETE_TIMEOUT_MS = '60000';
afterAll(() => sb.cleanup());

describe.skipIf(!HAS_ZSH)('zsh, with the completion functions recorded', () => {
  beforeAll(async () => {
    await sb.lib(['library', 'create', 'Team Docs', '--description', 'the team: docs']);
  });

  it('offers what lib __complete answers, paths and directories by zsh itself', async () => {
    const script = path.join(sb.home, 'lib.zsh');
    fs.writeFileSync(script, await sb.lib(['completion', 'zsh']));
    // The executable answers one line; the others, a stand-in answered by this process (complete-proxy.ts).
    const proxy = await startCompleteProxy(sb.home, sb.env);
    const lines: string[][] = [
      [BIN, 'library', 'get', ''],
      [proxy.bin, 'file', 'upload', ''],
      [proxy.bin, 'serve', '--data', ''],
      [proxy.bin, 'library', 'create', 'x', '--data', ''],
    ];
    const body = lines
      .map((w) => `words=(${w.map((x) => `'${x}'`).join(' ')}); CURRENT=${w.length}; _lib; print -r -- "end $?"`)
      .join('\n');
    const stubs = [
      'compdef() { print -r -- "compdef $*" }',
      '_describe() { local -a arr; arr=("${(@P)4}"); print -r -- "offered ${(j:|:)arr}" }',
      '_files() { print -r -- files }',
      '_directories() { print -r -- dirs }',
    ].join('\n');
    const r = await runShell('zsh', ['-f', '-c', `${stubs}\nsource '${script}'\n${body}`], {
      cwd: sb.work,
      env: { ...sb.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}` },
    });
    await proxy.close();
    expect(r.stderr).toBe('');
    // What the script asked lib: the words after the program's name, the one being completed last.
    expect(proxy.asked).toEqual([
      ['__complete', 'file', 'upload', ''],
      ['__complete', 'serve', '--data', ''],
      ['__complete', 'library', 'create', 'x', '--data', ''],
    ]);
    expect(r.stdout.split('\n')).toEqual([
      'compdef _lib lib',
      'offered Team Docs:the team: docs',
      'end 0',
      'files',
      'end 0',
      'dirs',
      'end 0',
      'end 1',
      '',
    ]);
  });
});
