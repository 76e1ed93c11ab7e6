/**
 * lib completion bash|zsh|fish, checked against the program itself so the
 * scripts cannot drift: every noun, verb (and verb alias) and flag the built
 * program registers must be completed by each script in the right place.
 * bash is run for real (the completion function called with COMP_WORDS);
 * zsh and fish are read (their shells are rarely installed where tests run).
 * And help: every verb's --help leads with examples.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, Sandbox } from '../helpers.js';
import { type Registry, registry } from './program.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];
const script = (shell: Shell) => fs.readFileSync(path.join(ROOT, 'completions', `lib.${shell}`), 'utf8');

/** What one script completes, read from its text. */
interface Completes {
  globals: string[];
  nouns: string[];
  verbs(noun: string): string[];
  flags(noun: string, verb: string): string[];
}

const words = (s: string) => s.trim().split(/\s+/).filter(Boolean);
const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

/** bash and zsh: `noun) verbs=...` and `noun:verb|...) flags=...` case arms. */
function readCaseScript(text: string, shell: 'bash' | 'zsh'): Completes {
  const list = shell === 'bash' ? '"([^"]*)"' : '\\(([^)]*)\\)';
  const globals = words(new RegExp(`(?:local )?globals=${list}`).exec(text)![1]!);
  const nouns =
    shell === 'bash'
      ? words(/""\) COMPREPLY=\(\$\(compgen -W "([^"$]*)/.exec(text)![1]!)
      : words(/nouns=\(([^)]*)\)/.exec(text)![1]!);
  const verbs = new Map<string, string[]>();
  for (const m of text.matchAll(new RegExp(`^\\s*([\\w|]+)\\) verbs=${list}`, 'gm'))) {
    for (const noun of m[1]!.split('|')) verbs.set(noun, words(m[2]!));
  }
  const arms = [...text.matchAll(new RegExp(`^\\s*([\\w:|*-]+)\\) flags=${list}`, 'gm'))].map((m) => ({
    patterns: m[1]!.split('|').map(glob),
    flags: words(m[2]!),
  }));
  return {
    globals,
    nouns,
    verbs: (noun) => verbs.get(noun) ?? [],
    // A case statement takes the first arm that matches.
    flags: (noun, verb) => arms.find((a) => a.patterns.some((p) => p.test(`${noun}:${verb}`)))?.flags ?? [],
  };
}

/** Split a fish command line into words, honoring '...' and "..." quotes. */
function shellWords(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** fish: `complete -c lib [-n CONDITION] [-a WORDS] [-l LONG] [-s SHORT]...` lines. */
function readFish(text: string): Completes {
  const globals: string[] = [];
  let nouns: string[] = [];
  const verbs = new Map<string, string[]>();
  const scoped: { nouns: string[]; verbs?: string[]; flags: string[] }[] = [];
  for (const line of text.split('\n').filter((l) => l.startsWith('complete -c lib'))) {
    const w = shellWords(line);
    const flags: string[] = [];
    let condition: string | undefined;
    let args: string[] = [];
    for (let i = 3; i < w.length; i++) {
      if (w[i] === '-n') condition = w[++i];
      else if (w[i] === '-a') args = words(w[++i]!);
      else if (w[i] === '-l') flags.push(`--${w[++i]}`);
      else if (w[i] === '-s') flags.push(`-${w[++i]}`);
    }
    if (condition === undefined) globals.push(...flags);
    else if (condition === '__lib_needs_noun') nouns = args;
    else if (condition.startsWith('__lib_needs_verb'))
      for (const noun of words(condition).slice(1)) verbs.set(noun, args);
    else if (condition.startsWith('__lib_is')) {
      const [, nounList, verbList] = shellWords(condition);
      scoped.push({ nouns: words(nounList!), verbs: verbList === undefined ? undefined : words(verbList), flags });
    }
  }
  return {
    globals,
    nouns,
    verbs: (noun) => verbs.get(noun) ?? [],
    flags: (noun, verb) =>
      scoped
        .filter((s) => s.nouns.includes(noun) && (s.verbs === undefined || s.verbs.includes(verb)))
        .flatMap((s) => s.flags),
  };
}

const reader: Record<Shell, (text: string) => Completes> = {
  bash: (t) => readCaseScript(t, 'bash'),
  zsh: (t) => readCaseScript(t, 'zsh'),
  fish: readFish,
};

let program: Registry;
beforeAll(async () => {
  program = await registry();
});

const sb = new Sandbox();
afterAll(() => sb.cleanup());

describe('lib completion', () => {
  it.each(SHELLS)('%s prints the script kept in completions/', async (shell) => {
    expect(await sb.run(['completion', shell])).toEqual(
      expect.objectContaining({ code: 0, stdout: script(shell), stderr: '' }),
    );
  });

  it('an unknown shell is exit 2', async () => {
    expect(await sb.run(['completion', 'powershell'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'lib: unsupported shell "powershell" (expected one of: bash, zsh, fish)\n',
    });
  });

  describe.each(SHELLS)('the %s script completes what the program registers', (shell) => {
    const completes = () => reader[shell](script(shell));

    it('every global flag', () => {
      expect(completes().globals).toEqual(expect.arrayContaining(program.globals));
    });

    it('every noun, and every verb under each name of its noun', () => {
      const c = completes();
      for (const noun of program.nouns) {
        expect(c.nouns).toEqual(expect.arrayContaining(noun.names));
        for (const name of noun.names) {
          expect({ noun: name, verbs: c.verbs(name) }).toEqual({
            noun: name,
            verbs: expect.arrayContaining(noun.verbs.map((v) => v.names[0])),
          });
        }
      }
      expect(c.verbs('completion')).toEqual([...SHELLS]);
    });

    it("every verb's flags, after the verb or any of its aliases", () => {
      const c = completes();
      for (const noun of program.nouns) {
        for (const name of noun.names) {
          if (noun.verbs.length === 0) {
            expect({ at: name, flags: c.flags(name, '') }).toEqual({
              at: name,
              flags: expect.arrayContaining(noun.flags),
            });
          }
          for (const verb of noun.verbs) {
            for (const alias of verb.names) {
              const at = `${name} ${alias}`;
              expect({ at, flags: c.flags(name, alias) }).toEqual({ at, flags: expect.arrayContaining(verb.flags) });
            }
          }
        }
      }
    });
  });

  it('bash, run for real, offers those words', () => {
    // One bash runs every query: source the script, set COMP_WORDS, call _lib, print COMPREPLY.
    const queries: { words: string[]; expect: string[] }[] = [
      { words: ['lib', ''], expect: program.nouns.flatMap((n) => n.names) },
      { words: ['lib', '--'], expect: program.globals.filter((g) => g.startsWith('--')) },
      // A global flag's value is not taken for the noun.
      {
        words: ['lib', '--profile', 'work', '--retries', '2', 'library', 'list', '-'],
        expect: ['--search', '--sort', '--limit', '--all'],
      },
    ];
    for (const noun of program.nouns) {
      for (const name of noun.names) {
        if (noun.verbs.length) queries.push({ words: ['lib', name, ''], expect: noun.verbs.map((v) => v.names[0]!) });
        else if (noun.flags.length) queries.push({ words: ['lib', name, '-'], expect: noun.flags });
        for (const verb of noun.verbs) {
          for (const alias of verb.names)
            queries.push({ words: ['lib', '--json', name, alias, 'x', '-'], expect: [...verb.flags, '--json', '-y'] });
        }
      }
    }
    const body = queries
      .map(
        (q) =>
          `COMP_WORDS=(${q.words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${q.words.length - 1}; COMPREPLY=(); _lib; echo "\${COMPREPLY[*]}"`,
      )
      .join('\n');
    const r = spawnSync('bash', ['-c', `source "${path.join(ROOT, 'completions', 'lib.bash')}"\n${body}`], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    const answers = r.stdout.split('\n');
    queries.forEach((q, i) => {
      const at = q.words.join(' ');
      expect({ at, offered: words(answers[i] ?? '') }).toEqual({ at, offered: expect.arrayContaining(q.expect) });
    });
  });

  it('the scripts parse', () => {
    expect(spawnSync('bash', ['-n', path.join(ROOT, 'completions', 'lib.bash')], { encoding: 'utf8' }).status).toBe(0);
    for (const shell of ['zsh', 'fish'] as const) {
      const check = spawnSync(shell, ['-n', path.join(ROOT, 'completions', `lib.${shell}`)], { encoding: 'utf8' });
      if (check.error) continue; // that shell is not installed here
      expect(check.status).toBe(0);
    }
  });
});

describe('help', () => {
  /** The built program's main(), in this process (a process per verb would be slow), output captured. */
  async function help(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const { main } = (await import(pathToFileURL(path.join(ROOT, 'dist', 'main.js')).href)) as {
      main: (argv: string[], env: NodeJS.ProcessEnv, io: unknown) => Promise<number>;
    };
    const out = new PassThrough();
    const err = new PassThrough();
    const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
    out.on('data', (c: Buffer) => chunks.out.push(c));
    err.on('data', (c: Buffer) => chunks.err.push(c));
    const io = {
      out,
      err,
      in: new PassThrough(),
      isStdoutTTY: false,
      isStderrTTY: false,
      isStdinTTY: false,
      color: false,
      progress: false,
      columns: 80,
    };
    const code = await main(argv, { LIB_HOME: sb.home }, io);
    return { code, out: Buffer.concat(chunks.out).toString('utf8'), err: Buffer.concat(chunks.err).toString('utf8') };
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
