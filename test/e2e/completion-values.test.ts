/**
 * Completion offers nothing rather than something wrong: a flag whose value
 * lib cannot know (a profile, a library, a file name, JSON) gets no words,
 * never the nouns or the files of the current directory; local paths are
 * offered only where a local path belongs. bash runs the script for real.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, Sandbox } from '../helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

/** What bash's completion offers for each command line (the last word is the one being completed). */
function offered(lines: string[][]): string[][] {
  const body = lines
    .map(
      (words) =>
        `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; COMPREPLY=(); _lib; echo "\${COMPREPLY[*]}"`,
    )
    .join('\n');
  const r = spawnSync('bash', ['-c', `source "${path.join(ROOT, 'completions', 'lib.bash')}"\n${body}`], {
    encoding: 'utf8',
    cwd: sb.work,
  });
  expect(r.stderr).toBe('');
  return r.stdout
    .split('\n')
    .slice(0, lines.length)
    .map((l) => l.split(' ').filter(Boolean));
}

describe('bash completion of values', () => {
  it('offers nothing for values it cannot know, files only where files belong', () => {
    fs.writeFileSync(path.join(sb.work, 'notes.md'), 'x');
    fs.mkdirSync(path.join(sb.work, 'store'));
    const [profile, library, get, data, upload, serveData, output] = offered([
      ['lib', '--profile', ''],
      ['lib', 'file', 'list', '--library', ''],
      ['lib', 'file', 'get', ''],
      ['lib', 'library', 'create', 'x', '--data', ''],
      ['lib', 'file', 'upload', ''],
      ['lib', 'serve', '--data', ''],
      ['lib', 'file', 'download', 'x', '-l', 'y', '-o', ''],
    ]);
    expect({ profile, library, get, data }).toEqual({ profile: [], library: [], get: [], data: [] });
    expect(upload).toEqual(expect.arrayContaining(['notes.md', 'store']));
    expect(serveData).toEqual(['store']);
    expect(output).toEqual(expect.arrayContaining(['notes.md']));
  });

  it('the script no longer falls back to file names when it offers nothing', () => {
    const script = fs.readFileSync(path.join(ROOT, 'completions', 'lib.bash'), 'utf8');
    expect(script).not.toMatch(/complete -o default/);
  });
});
