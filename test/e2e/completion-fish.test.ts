/**
 * Completion offers nothing rather than something wrong, in every script:
 * a flag that takes a value lib cannot know (a profile, a library, a file
 * name, JSON) is declared as taking one, so the shell neither offers the
 * nouns nor the files of the current directory after it; local paths only
 * where a local path belongs (upload's arguments, -o, --token-file, serve's
 * --data directory). The scripts are read and checked against the program's
 * flags; fish also runs for real where it is installed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, Sandbox } from '../helpers.js';
import { type Registry, registry } from './program.js';

const script = (shell: string) => fs.readFileSync(path.join(ROOT, 'completions', `lib.${shell}`), 'utf8');
/** Flags whose value is a local path. */
const PATH_FLAGS = new Set(['-o', '--output', '--token-file']);

let program: Registry;
beforeAll(async () => {
  program = await registry();
});

const sb = new Sandbox();
afterAll(() => sb.cleanup());

interface FishLine {
  line: string;
  flags: string[];
  options: Set<string>;
  condition?: string;
}

function fishLines(): FishLine[] {
  return script('fish')
    .split('\n')
    .filter((l) => l.startsWith('complete -c lib'))
    .map((line) => {
      const w = [...line.matchAll(/'[^']*'|"[^"]*"|\S+/g)].map((m) => m[0]);
      const flags: string[] = [];
      const options = new Set<string>();
      let condition: string | undefined;
      for (let i = 3; i < w.length; i++) {
        if (w[i] === '-l') flags.push(`--${w[++i]}`);
        else if (w[i] === '-s') flags.push(`-${w[++i]}`);
        else if (w[i] === '-n') condition = w[++i];
        else if (w[i] === '-a' || w[i] === '-d') options.add(w[i++]!);
        else options.add(w[i]!);
      }
      return { line, flags, options, condition };
    });
}

describe('fish: a flag that takes a value says so, and files only for paths', () => {
  it('every value flag is -x (a value, no files), or -r -F where the value is a local path', () => {
    const wrong: string[] = [];
    for (const { line, flags, options } of fishLines()) {
      for (const flag of flags) {
        const takesValue = program.valueFlags.has(flag);
        const declared = options.has('-x')
          ? 'value'
          : options.has('-r')
            ? options.has('-F')
              ? 'path'
              : 'value or files'
            : 'switch';
        const expected = !takesValue ? 'switch' : PATH_FLAGS.has(flag) ? 'path' : 'value';
        if (declared !== expected) wrong.push(`${flag} is ${declared}, not ${expected}: ${line}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("only upload's arguments complete files", () => {
    const files = fishLines().filter((l) => l.flags.length === 0 && l.options.has('-F'));
    expect(files.map((l) => l.condition)).toEqual([`"__lib_is 'file doc' upload"`]);
  });
});

describe.each(['bash', 'zsh'])('%s: every value flag has an arm of its own', (shell) => {
  it('so the word after it is never a noun, a verb or a file by accident', () => {
    const text = script(shell);
    const arms = /case "\$(?:prev|\{words\[CURRENT-1\]\})" in\n([\s\S]*?)\n\s*esac/.exec(text)![1]!;
    const handled = new Set(
      [...arms.matchAll(/^\s*((?:[-\w]+\|(?:\\\n\s*)?)*[-\w]+)\)/gm)].flatMap((m) =>
        m[1]!.split(/\|(?:\\\n\s*)?/).map((f) => f.trim()),
      ),
    );
    expect([...program.valueFlags].filter((f) => !handled.has(f))).toEqual([]);
  });
});

const HAS_FISH = spawnSync('fish', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!HAS_FISH)('fish, run for real', () => {
  it('offers nothing for values it cannot know, files only where files belong', () => {
    fs.writeFileSync(path.join(sb.work, 'notes.md'), 'x');
    fs.mkdirSync(path.join(sb.work, 'store'));
    const lines = [
      'lib --profile ',
      'lib file list --library ',
      'lib file list -l ',
      'lib file get ',
      'lib file upload --label ',
      'lib library create x --data ',
      'lib file upload ',
      'lib serve --data ',
      'lib file download x -o ',
      'lib --profile work ',
    ];
    const body = lines.map((l) => `echo (complete -C '${l}' | string split -f1 \\t)`).join('\n');
    const r = spawnSync(
      'fish',
      ['--no-config', '-c', `source '${path.join(ROOT, 'completions', 'lib.fish')}'\n${body}`],
      {
        encoding: 'utf8',
        cwd: sb.work,
      },
    );
    expect(r.stderr).toBe('');
    const got = Object.fromEntries(
      r.stdout
        .split('\n')
        .slice(0, lines.length)
        .map((l, i) => [lines[i]!, l.split(' ').filter(Boolean)]),
    );
    expect(got).toEqual({
      'lib --profile ': [],
      'lib file list --library ': [],
      'lib file list -l ': [],
      'lib file get ': [],
      'lib file upload --label ': [],
      'lib library create x --data ': [],
      'lib file upload ': ['notes.md', 'store/'],
      'lib serve --data ': ['store/'],
      'lib file download x -o ': ['notes.md', 'store/'],
      'lib --profile work ': expect.arrayContaining(['file', 'library']),
    });
  });
});
