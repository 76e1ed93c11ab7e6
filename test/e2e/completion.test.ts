/**
 * lib completion bash|zsh|fish and lib __complete, checked against the
 * program itself so completion cannot drift: every noun, verb (and verb
 * alias) and flag the built program registers is offered in the right place
 * by `lib __complete`, which the three scripts ask on every TAB. The scripts
 * hold no tree of their own; bash runs them for real in
 * completion-values.test.ts. And help: every verb's --help leads with examples.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIO, ROOT, Sandbox } from '../helpers.js';
import { type Registry, registry } from './program.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;

let program: Registry;
beforeAll(async () => {
  program = await registry();
});

const sb = new Sandbox();
// Lookups get all the time they need here (a loaded machine is slow); the deadline has its own test.
sb.env.LIB_COMPLETE_TIMEOUT_MS = '60000';
afterAll(() => sb.cleanup());

/** The values `lib __complete WORDS` offers (the text before each tab), and its directive line. */
async function offered(words: string[]): Promise<{ values: string[]; directive: string }> {
  const r = await sb.run(['__complete', ...words]);
  expect({ words, code: r.code, stderr: r.stderr }).toEqual({ words, code: 0, stderr: '' });
  const lines = r.stdout.split('\n').slice(0, -1);
  return { values: lines.slice(0, -1).map((l) => l.split('\t')[0]!), directive: lines[lines.length - 1] ?? '' };
}

describe('lib completion', () => {
  it.each(SHELLS)('%s prints a script that asks lib __complete', async (shell) => {
    const r = await sb.run(['completion', shell]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(shell === 'zsh' ? /^#compdef lib\n/ : new RegExp(`^# ${shell} completion for lib\\.`));
    expect(r.stdout).toContain(' __complete ');
    expect(r.stdout).toMatch(
      {
        bash: /^complete -F _lib lib$/m,
        zsh: /^ {2}compdef _lib lib$/m,
        fish: /^complete -c lib -f -a '\(__lib_complete\)'$/m,
      }[shell],
    );
    // Nothing falls back to file names when lib offers nothing.
    expect(r.stdout).not.toMatch(/-o default|-o bashdefault/);
    // No tree of its own: no verb appears in it.
    expect(r.stdout).not.toMatch(/\b(upload|reprocess|whoami)\b/);
  });

  it('an unknown shell is exit 2', async () => {
    expect(await sb.run(['completion', 'powershell'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'lib: unsupported shell "powershell" (expected one of: bash, zsh, fish)\n',
    });
  });

  it('the scripts parse', async () => {
    for (const shell of SHELLS) {
      const file = path.join(sb.work, `lib.${shell}`);
      fs.writeFileSync(file, (await sb.run(['completion', shell])).stdout);
      const check = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
      if (check.error) continue; // that shell is not installed here
      expect({ shell, status: check.status, stderr: check.stderr }).toEqual({ shell, status: 0, stderr: '' });
    }
  });

  it('__complete is hidden from help', async () => {
    const r = await sb.run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('__complete');
    expect(r.stdout).toMatch(/^ {2}api /m);
  });
});

describe('lib __complete offers what the program registers', () => {
  it('every noun at the root, and every long global flag after --', async () => {
    expect((await offered([''])).values).toEqual(expect.arrayContaining(program.nouns.flatMap((n) => n.names)));
    expect((await offered(['--'])).values).toEqual(
      expect.arrayContaining(program.globals.filter((g) => g.startsWith('--'))),
    );
    expect((await offered([''])).values).not.toContain('__complete');
  });

  it('every verb under each name of its noun', async () => {
    for (const noun of program.nouns) {
      if (noun.verbs.length === 0) continue;
      for (const name of noun.names) {
        const at = `${name} `;
        expect({ at, offered: (await offered([name, ''])).values }).toEqual({
          at,
          offered: expect.arrayContaining(noun.verbs.flatMap((v) => v.names)),
        });
      }
    }
  });

  it("every verb's flags and the global ones, after the verb or any of its aliases", async () => {
    for (const noun of program.nouns) {
      for (const name of noun.names) {
        if (noun.verbs.length === 0) {
          const at = `${name} -`;
          expect({ at, flags: (await offered([name, '-'])).values }).toEqual({
            at,
            flags: expect.arrayContaining([...noun.flags, '--json', '-y']),
          });
        }
        for (const verb of noun.verbs) {
          for (const alias of verb.names) {
            const at = `--json ${name} ${alias} x -`;
            expect({ at, flags: (await offered(['--json', name, alias, 'x', '-'])).values }).toEqual({
              at,
              flags: expect.arrayContaining([...verb.flags, '--json', '-y', '--help']),
            });
          }
        }
      }
    }
  });

  it("a global flag's value is not taken for the noun", async () => {
    const c = await offered(['--profile', 'work', '--retries', '2', 'library', 'list', '-']);
    expect(c.values).toEqual(expect.arrayContaining(['--search', '--sort', '--limit', '--all']));
    expect(c.values).not.toContain('--library');
  });

  it('a prefix narrows the candidates', async () => {
    expect((await offered(['fi'])).values).toEqual(['file']);
    expect((await offered(['file', 'list', '--st'])).values).toEqual(['--status']);
  });
});

describe('help', () => {
  /** The built program's main(), in this process (a process per verb would be slow), output captured. */
  async function help(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const { main } = (await import(pathToFileURL(path.join(ROOT, 'dist', 'main.js')).href)) as {
      main: (argv: string[], env: NodeJS.ProcessEnv, io: unknown) => Promise<number>;
    };
    const { io, stdout, stderr } = captureIO({ columns: 80 });
    const code = await main(argv, { LIB_HOME: sb.home }, io);
    return { code, out: stdout().toString('utf8'), err: stderr() };
  }

  it("every verb's --help starts with Examples:", async () => {
    const verbs = program.nouns.flatMap((n) =>
      n.verbs.length ? n.verbs.map((v) => [n.names[0]!, v.names[0]!]) : [[n.names[0]!]],
    );
    expect(verbs.length).toBeGreaterThan(25);
    for (const argv of verbs) {
      const r = await help([...argv, '--help']);
      expect({ argv, code: r.code, err: r.err }).toEqual({ argv, code: 0, err: '' });
      expect({ argv, start: r.out.split('\n')[0] }).toEqual({ argv, start: 'Examples:' });
      expect(r.out).toMatch(/^Examples:\n( {2}\$ .*lib .+\n)+\nUsage: lib /);
    }
  });

  it('the binary agrees', async () => {
    const r = await sb.run(['file', 'upload', '--help']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^Examples:\n {2}\$ lib file upload /);
    expect(r.stdout).toContain('\nUsage: lib file upload [options] <paths...>\n');
  });
});
