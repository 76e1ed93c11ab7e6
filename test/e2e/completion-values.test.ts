/**
 * What completion offers as values, through `lib __complete` (in-process) and
 * bash for real (the script `lib completion bash` prints, sourced, with
 * COMP_WORDS set and _lib called, lib itself answering):
 *
 *   - a flag that takes a value is followed by its value: never a noun, a
 *     verb, a flag or a file by accident; nothing where lib cannot know it;
 *   - local paths only where a local path goes (upload's arguments, -o,
 *     --token-file, api --input), directories for serve --data and --drive-root;
 *   - the values lib can know: profiles, the current provider's libraries
 *     (local, and mistral through lib serve), the files of the -l library
 *     or the default one, respecting a --profile earlier on the line;
 *   - a lookup past its deadline, an unknown profile, an error: nothing, exit 0.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { api } from '../e2e-mistral/helpers.js';
import { BIN, Sandbox, tempDir } from '../helpers.js';
import { runShell, startCompleteProxy } from './complete-proxy.js';
import { type Registry, registry } from './program.js';

/** Flags whose value is a local path. */
const PATH_FLAGS = new Set(['-o', '--output', '--token-file', '--input']);

const sb = new Sandbox();
// Lookups get all the time they need here (a loaded machine is slow); the deadline has its own test.
sb.env.LIB_COMPLETE_TIMEOUT_MS = '60000';
let program: Registry;
let server: RunningServer;
let serverData: string;
const KEY = `alice-${'c0mp'.repeat(10)}`;

beforeAll(async () => {
  program = await registry();
  await sb.lib(['library', 'create', 'Team Docs']);
  await sb.lib(['library', 'create', 'notes']);
  sb.file('a.txt', 'alpha');
  sb.file('b.md', '# bravo');
  await sb.lib(['file', 'upload', 'a.txt', 'b.md', '--library', 'Team Docs']);
  await sb.lib(['profile', 'add', 'work', '--provider', 'local']);
  serverData = tempDir('lib-complete-serve-');
  server = await startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir: serverData,
    tokens: [{ name: 'alice', secret: KEY }],
    processingMs: 0,
    syncCheckMs: 0,
  });
  for (const name of ['remote-one', 'remote-two']) await api(server, KEY, 'POST', '/v1/libraries', { name });
  await sb.lib(['profile', 'add', 'remote', '--provider', 'mistral', '--base-url', server.url, '--no-verify'], {
    input: `${KEY}\n`,
  });
});

afterAll(async () => {
  await server.close();
  fs.rmSync(serverData, { recursive: true, force: true });
  sb.cleanup();
});

interface Offered {
  values: string[];
  descriptions: string[];
  directive: string;
}

async function offered(words: string[], env: Record<string, string> = {}): Promise<Offered> {
  const r = await sb.run(['__complete', ...words], { env });
  expect({ words, code: r.code, stderr: r.stderr }).toEqual({ words, code: 0, stderr: '' });
  const lines = r.stdout.split('\n').slice(0, -1);
  const candidates = lines.slice(0, -1).map((l) => l.split('\t'));
  return {
    values: candidates.map((c) => c[0]!),
    descriptions: candidates.map((c) => c[1] ?? ''),
    directive: lines[lines.length - 1] ?? '',
  };
}

describe('the rules, for every command and flag the program registers', () => {
  it('a value flag is followed by its value: a path, a directory, or words that are not commands or flags', async () => {
    const wrong: string[] = [];
    for (const cmd of program.commands) {
      for (const flag of cmd.valueFlags) {
        const words = [...cmd.path, flag, ''];
        const c = await offered(words);
        const dirs = flag === '--drive-root' || (flag === '--data' && cmd.path[0] === 'serve');
        const expected = PATH_FLAGS.has(flag) ? ':files' : dirs ? ':dirs' : ':none';
        if (c.directive !== expected) wrong.push(`${words.join(' ')}: ${c.directive}, not ${expected}`);
        const commands = program.commands.flatMap((x) => x.subcommands);
        const bad = c.values.filter((v) => v.startsWith('-') || commands.includes(v));
        if (bad.length) wrong.push(`${words.join(' ')}: offers ${bad.join(' ')}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('an argument completes local paths only where its name says a local path goes', async () => {
    const wrong: string[] = [];
    const seen: string[] = [];
    for (const cmd of program.commands) {
      if (cmd.args.length === 0 || cmd.subcommands.length > 0) continue;
      // Every argument position, each after the ones before it.
      for (let i = 0; i < cmd.args.length; i++) {
        const { name } = cmd.args[i]!;
        const c = await offered([...cmd.path, ...Array(i).fill('x'), '']);
        const expected = ['path', 'paths'].includes(name)
          ? ':files'
          : ['dir', 'dirs', 'directory'].includes(name)
            ? ':dirs'
            : ':none';
        if (c.directive !== expected) wrong.push(`${cmd.path.join(' ')} <${name}>: ${c.directive}, not ${expected}`);
        if (c.directive !== ':none') seen.push(`${cmd.path.join(' ')} <${name}>`);
      }
    }
    expect(wrong).toEqual([]);
    // Today that is upload's arguments alone; remote names (<file>, <library>, api's path) never are.
    expect(seen).toContain('file upload <paths>');
    expect(seen.filter((s) => /<(file|files|library|api-path|name)>/.test(s))).toEqual([]);
  });

  it('the static values come from the model and the registry', async () => {
    expect((await offered(['file', 'list', '--status', ''])).values).toEqual([
      'pending',
      'processing',
      'ready',
      'failed',
    ]);
    expect((await offered(['share', 'put', 'x', '--level', ''])).values).toEqual(['viewer', 'editor']);
    expect((await offered(['profile', 'add', 'x', '--provider', ''])).values).toEqual(
      expect.arrayContaining(['local', 'mistral', 'ai21', 'hal']),
    );
    expect((await offered(['completion', ''])).values).toEqual(['bash', 'zsh', 'fish']);
    // Text lib cannot know: nothing.
    expect(await offered(['library', 'create', ''])).toEqual({ values: [], descriptions: [], directive: ':none' });
    expect((await offered(['profile', 'add', 'x', '--library', ''])).values).toEqual([]);
  });
});

describe('dynamic values', () => {
  it('--profile and the profile verbs offer the profiles, with their providers', async () => {
    const c = await offered(['--profile', '']);
    expect(c.values.map((v, i) => `${v} ${c.descriptions[i]}`).sort()).toEqual([
      'local local',
      'remote mistral',
      'work local',
    ]);
    expect((await offered(['profile', 'use', 'w'])).values).toEqual(['work']);
    expect((await offered(['profile', 'add', ''])).values).toEqual([]);
  });

  it('--library, -l and <library> arguments offer the local libraries', async () => {
    for (const words of [
      ['file', 'list', '--library', ''],
      ['file', 'list', '-l', ''],
      ['library', 'get', ''],
      ['share', 'list', ''],
    ]) {
      expect({ words, values: (await offered(words)).values.sort() }).toEqual({
        words,
        values: ['Team Docs', 'notes'],
      });
    }
    expect((await offered(['file', 'get', '--library', 'Te'])).values).toEqual(['Team Docs']);
    expect((await offered(['file', 'get', '--library=Te'])).values).toEqual(['--library=Team Docs']);
  });

  it("<file> arguments offer the files of the line's library, else of the default one", async () => {
    const files = await offered(['file', 'get', '-l', 'Team Docs', '']);
    expect(files.values.sort()).toEqual(['a.txt', 'b.md']);
    expect(files.descriptions.every((d) => ['pending', 'processing', 'ready'].includes(d))).toBe(true);
    // bash splits --library=X at the =.
    expect((await offered(['doc', 'delete', '--library', '=', 'Team Docs', 'a.txt', 'b'])).values).toEqual(['b.md']);
    expect((await offered(['file', 'text', 'a'], { LIB_LIBRARY: 'Team Docs' })).values).toEqual(['a.txt']);
    // No library on the line and no default: nothing.
    expect(await offered(['file', 'get', ''])).toEqual({ values: [], descriptions: [], directive: ':none' });
  });

  it('mistral through lib serve, with the --profile given earlier on the line', async () => {
    expect((await offered(['--profile', 'remote', 'file', 'list', '-l', ''])).values.sort()).toEqual([
      'remote-one',
      'remote-two',
    ]);
    const env = { LIB_PROVIDER: 'mistral', LIB_BASE_URL: server.url, LIB_API_KEY: KEY };
    expect((await offered(['library', 'delete', 'remote-t'], env)).values).toEqual(['remote-two']);
  });

  it('an unknown profile, a missing library or a wrong key: nothing at all, exit 0', async () => {
    for (const [words, env] of [
      [['--profile', 'nope', 'file', 'list', '-l', ''], {}],
      [['file', 'get', '-l', 'no such library', ''], {}],
      [['library', 'get', ''], { LIB_PROVIDER: 'mistral', LIB_BASE_URL: server.url, LIB_API_KEY: 'wrong-key-1234567' }],
    ] as [string[], Record<string, string>][]) {
      const r = await sb.run(['__complete', ...words], { env });
      expect({ words, ...r, stdoutBytes: undefined }).toEqual({
        words,
        code: 0,
        stdout: '',
        stderr: '',
        stdoutBytes: undefined,
      });
    }
  });

  it('a provider that does not answer in time: nothing, exit 0, and the request is cut off', async () => {
    // A server that accepts connections and never answers; LIB_COMPLETE_TIMEOUT_MS=1 stands for the 1.5 s.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const env = {
      LIB_PROVIDER: 'mistral',
      LIB_BASE_URL: `http://127.0.0.1:${port}`,
      LIB_API_KEY: KEY,
      LIB_COMPLETE_TIMEOUT_MS: '1',
      LIB_RETRY_BASE_MS: '1',
    };
    try {
      const started = Date.now();
      const r = await sb.run(['__complete', 'file', 'list', '--library', ''], { env });
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
      // Not the HTTP layer's 60 s header timeout: the deadline aborted the request.
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(sockets.size).toBeGreaterThan(0);
      // What needs no lookup is still offered.
      expect((await offered(['file', 'list', '--status', 'r'], env)).values).toEqual(['ready']);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('bash, run for real', () => {
  it('offers what lib __complete answers, paths where paths go, nothing where nothing fits', async () => {
    const script = path.join(sb.work, 'lib.bash');
    fs.writeFileSync(script, await sb.lib(['completion', 'bash']));
    const cwd = tempDir('lib-complete-cwd-');
    fs.writeFileSync(path.join(cwd, 'notes.md'), 'x');
    fs.mkdirSync(path.join(cwd, 'store'));
    // The executable answers one line; the others, a stand-in answered by this process (complete-proxy.ts).
    const proxy = await startCompleteProxy(sb.home, sb.env);
    // COMP_WORDS as bash splits the line: a typed "Team\ Docs" stays escaped, --library=x splits at the =.
    const lines: string[][] = [
      ['lib', 'file', 'upload', ''],
      ['lib', 'serve', '--data', ''],
      [BIN, 'library', 'get', 'Te'],
      ['lib', 'file', 'get', '--library', '=', 'Team\\ Docs', ''],
      ['lib', 'library', 'create', 'x', '--data', ''],
      ['lib', 'file', 'list', '--library', '='],
    ];
    const body = lines
      .map(
        (words) =>
          `COMP_WORDS=(${words.map((w) => `'${w.replace(/^lib$/, proxy.bin)}'`).join(' ')}); COMP_CWORD=${words.length - 1}; COMPREPLY=(); _lib; printf '%s|' "\${COMPREPLY[@]}"; echo`,
      )
      .join('\n');
    const r = await runShell('bash', ['--norc', '--noprofile', '-c', `source '${script}'\n${body}`], {
      cwd,
      env: { ...sb.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}` },
    });
    fs.rmSync(cwd, { recursive: true, force: true });
    await proxy.close();
    expect(r.stderr).toBe('');
    // What the script asked lib: the words after the program's name, unescaped, the one being completed last.
    expect(proxy.asked).toEqual([
      ['__complete', 'file', 'upload', ''],
      ['__complete', 'serve', '--data', ''],
      ['__complete', 'file', 'get', '--library', '=', 'Team Docs', ''],
      ['__complete', 'library', 'create', 'x', '--data', ''],
      ['__complete', 'file', 'list', '--library', '=', ''],
    ]);
    const got = r.stdout
      .split('\n')
      .slice(0, lines.length)
      .map((l) => l.split('|').filter(Boolean));
    expect(got[0]!.sort()).toEqual(['notes.md', 'store']);
    expect(got[1]).toEqual(['store']);
    expect(got[2]).toEqual(['Team\\ Docs']);
    expect(got[3]!.sort()).toEqual(['a.txt', 'b.md']);
    expect(got[4]).toEqual([]);
    expect(got[5]!.sort()).toEqual(['Team\\ Docs', 'notes']);
  });
});
