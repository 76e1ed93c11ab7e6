/**
 * The executable runs esbuild's builds of the program (dist/bundle/,
 * scripts/bundle.js): help.cjs for root help, lib.cjs for the rest, with the
 * big packages in vendor/ loaded on first use; not tsc's dist/ that the
 * in-process tests import. They must print the same thing; a command loads no
 * big package it does not use; every file loads; and Node's compile cache
 * (Node >= 22.1) writes under LIB_HOME and nowhere else.
 *
 * A process costs a Node start-up: each run of the executable here answers
 * every test that asks about it (its output and the files it loaded), and what
 * the bundles print for each command is compared in this process, the
 * bundles loaded by Node's own require as bin/lib.js loads them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import module from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, captureIO, ROOT, runBinary, runInProcess, Sandbox, type Result } from '../helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());
beforeAll(async () => {
  await sb.lib(['library', 'create', 'Team Docs', '--description', 'the handbook']);
});

const BUNDLE = path.join(ROOT, 'dist', 'bundle');
const hasCompileCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** Every file under dir, relative to it. */
function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

/** Runs the executable with the load tracer; the files it loaded, relative to the package root. */
function loads(
  args: string[],
  env: Record<string, string> = {},
): { code: number; stdout: string; stderr: string; loaded: string[] } {
  const trace = path.join(sb.work, `loads-${Math.random().toString(36).slice(2)}.txt`);
  const r = spawnSync(
    process.execPath,
    ['--require', path.join(ROOT, 'test', 'fixtures', 'trace-loads.cjs'), BIN, ...args],
    { env: { ...sb.env, ...env, LIB_TRACE_LOADS: trace }, cwd: sb.work, encoding: 'utf8' },
  );
  const loaded = fs
    .readFileSync(trace, 'utf8')
    .split('\n')
    .filter((u) => u.startsWith('file:'))
    .map((u) => path.relative(ROOT, new URL(u).pathname));
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr, loaded: [...new Set(loaded)] };
}

/**
 * The executable run with the load tracer, in the suite's sandbox: one process per
 * argument list, whichever test asks first (its output, exit code and loads answer them all).
 */
const executableRuns = new Map<string, ReturnType<typeof loads>>();
function executable(args: string[]): ReturnType<typeof loads> {
  const key = JSON.stringify(args);
  let run = executableRuns.get(key);
  if (!run) executableRuns.set(key, (run = loads(args)));
  return run;
}

type Main = (argv: string[], env: NodeJS.ProcessEnv, io: unknown) => Promise<number>;
const requireBundle = module.createRequire(import.meta.url);

/** Runs a bundle's main() in this process (loaded by Node's require, as bin/lib.js loads it), output captured. */
async function runBundle(bundle: 'help.cjs' | 'lib.cjs', args: string[]): Promise<Result> {
  const { main } = requireBundle(path.join(BUNDLE, bundle)) as { main: Main };
  // The test IO runInProcess gives dist/main.js: every stream a non-terminal.
  const { io, stdout, stderr } = captureIO();
  const cwd = process.cwd();
  process.chdir(sb.work);
  let code: number;
  try {
    code = await main(args, { ...sb.env }, io);
  } finally {
    process.chdir(cwd);
  }
  const bytes = stdout();
  return { code, stdout: bytes.toString('utf8'), stderr: stderr(), stdoutBytes: bytes };
}

/** Root help, as bin/lib.js tells it from the rest. */
const isRootHelp = (args: string[]) =>
  args.length === 0 || (args.length === 1 && ['--help', '-h', 'help'].includes(args[0]!));

/** The sources esbuild put into lib.cjs, from its metafile. */
function sourcesOfLib(): string[] {
  const meta = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist', 'bundle.meta.json'), 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, unknown> }>;
  };
  return Object.keys(meta.outputs['dist/bundle/lib.cjs']?.inputs ?? {});
}

/** Of the files a run loaded, ours (not node:, not node_modules), sorted. */
function ours(loaded: string[]): string[] {
  return loaded.filter((f) => !f.startsWith('node:') && !f.startsWith('node_modules' + path.sep)).sort();
}

const LIB = path.join('dist', 'bundle', 'lib.cjs');
const vendor = (name: string) => path.join('dist', 'bundle', 'vendor', `${name}.cjs`);

/** The sources in help.cjs: esbuild heads each module it bundles with a `// path` line. */
function sourcesOfHelp(): string[] {
  const text = fs.readFileSync(path.join(BUNDLE, 'help.cjs'), 'utf8');
  return [...text.matchAll(/^\/\/ ((?:src|node_modules)\/\S+)$/gm)].map((m) => m[1]!);
}

describe('the executable and the bundle', () => {
  it('prints what dist/main.js prints, for help, errors and a list', async () => {
    const printed = new Map<string, string>();
    for (const args of [
      [],
      ['--help'],
      ['-h'],
      ['help'],
      ['help', 'file', 'upload'],
      ['library', 'list'],
      ['fiel', 'list'],
      ['completion', 'bash'],
    ]) {
      const inProcess = await runInProcess(args, { env: sb.env, cwd: sb.work });
      // The bundle bin/lib.js runs for these arguments; for root help lib.cjs too, which must agree.
      for (const bundle of isRootHelp(args) ? (['help.cjs', 'lib.cjs'] as const) : (['lib.cjs'] as const)) {
        const r = await runBundle(bundle, args);
        expect({ args, bundle, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
          args,
          bundle,
          code: inProcess.code,
          stdout: inProcess.stdout,
          stderr: inProcess.stderr,
        });
        printed.set(args.join(' '), r.stdout + r.stderr);
      }
    }
    // The executable itself, a process each (shared with the load tests below): root help
    // from help.cjs, a noun's help (--help, but not root help) and a command from lib.cjs.
    // Its exit code for an error is checked with the remote provider's failure below.
    for (const args of [[], ['--help'], ['library', '--help'], ['library', 'list']]) {
      const bin = executable(args);
      const inProcess = await runInProcess(args, { env: sb.env, cwd: sb.work });
      expect({ args, code: bin.code, stdout: bin.stdout, stderr: bin.stderr }).toEqual({
        args,
        code: inProcess.code,
        stdout: inProcess.stdout,
        stderr: inProcess.stderr,
      });
      printed.set(`executable ${args.join(' ')}`, bin.stdout + bin.stderr);
    }
    // Not vacuous: the runs above printed what they are for.
    expect(printed.get('')).toMatch(/^Usage: lib /m);
    expect(printed.get('--help')).toMatch(/^Usage: lib /m);
    expect(printed.get('help file upload')).toMatch(/^Usage: lib file upload /m);
    expect(printed.get('library list')).toMatch(/\tTeam Docs\t/);
    expect(printed.get('fiel list')).toMatch(/^lib: unknown command 'fiel'/);
    expect(printed.get('completion bash')).toContain('_lib()');
    expect(printed.get('executable ')).toMatch(/^Usage: lib /m);
    expect(printed.get('executable library --help')).toMatch(/^Usage: lib library /m);
    expect(printed.get('executable library list')).toMatch(/\tTeam Docs\t/);
  });

  it('root help comes from help.cjs alone: no store, HTTP client or table renderer', () => {
    for (const args of [[], ['--help']]) {
      const r = executable(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: lib /m);
      // Nothing else of ours (neither tsc's dist/ nor lib.cjs), nothing from node_modules.
      expect(r.loaded.filter((f) => !f.startsWith('node:')).sort()).toEqual(
        [path.join('bin', 'lib.js'), path.join('dist', 'bundle', 'help.cjs')].sort(),
      );
    }
    const sources = sourcesOfHelp();
    expect(sources).toContain('src/main.ts');
    expect(sources).toContain('src/commands/nouns.ts');
    expect(sources.filter((s) => /^src\/(store|http|server|providers\/(local|mistral|hal))\//.test(s))).toEqual([]);
    expect(sources.filter((s) => /^src\/commands\/(library|file|share|auth|profile)\//.test(s))).toEqual([]);
    expect(sources.filter((s) => /node_modules\/(undici|cli-table3|chalk|ora|conf|better-sqlite3)\//.test(s))).toEqual(
      [],
    );
  });

  it('lib.cjs holds all of src/ but none of the big packages, which are vendor files or node_modules', () => {
    const sources = sourcesOfLib();
    for (const src of ['src/main.ts', 'src/store/store.ts', 'src/http/client.ts', 'src/commands/library/list.ts'])
      expect(sources).toContain(src);
    expect(sources.filter((s) => s.includes('node_modules/commander/')).length).toBeGreaterThan(0);
    expect(
      sources.filter((s) =>
        /node_modules\/(undici|conf|ora|cli-table3|chalk|better-sqlite3|pdfjs-dist|mammoth)\//.test(s),
      ),
    ).toEqual([]);
  });

  it("a noun's help and a local `lib library list` load lib.cjs and better-sqlite3, and no big package", () => {
    const help = executable(['library', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: lib library /m);
    expect(ours(help.loaded)).toEqual([path.join('bin', 'lib.js'), LIB].sort());
    expect(help.loaded.filter((f) => f.startsWith('node_modules'))).toEqual([]);

    const list = executable(['library', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/\tTeam Docs\t/);
    expect(ours(list.loaded)).toEqual([path.join('bin', 'lib.js'), LIB].sort());
    expect(list.loaded).toContain(path.join('node_modules', 'better-sqlite3', 'lib', 'index.js'));
    expect(
      list.loaded.filter((f) => /node_modules.(undici|conf|ora|cli-table3|chalk|pdfjs-dist|mammoth)/.test(f)),
    ).toEqual([]);
  });

  it('a remote provider loads undici from vendor/undici.cjs', async () => {
    // A loopback port that was free a moment ago: the request fails at once, after loading the client.
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const r = loads(['library', 'list', '--retries', '0'], {
      LIB_PROVIDER: 'mistral',
      LIB_BASE_URL: `http://127.0.0.1:${port}`,
      LIB_API_KEY: 'k',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^lib: /);
    expect(ours(r.loaded)).toEqual([path.join('bin', 'lib.js'), LIB, vendor('undici')].sort());
    expect(r.loaded.filter((f) => f.startsWith('node_modules'))).toEqual([]);
  });

  it('every file of the bundle loads (none that fails only when its command first runs)', () => {
    const all = files(BUNDLE).filter((f) => f.endsWith('.cjs'));
    expect(all).toEqual(
      [
        'help.cjs',
        'lib.cjs',
        ...['chalk', 'cli-table3', 'conf', 'ora', 'undici'].map((n) => path.join('vendor', `${n}.cjs`)),
      ].sort(),
    );
    const script = `for (const f of ${JSON.stringify(all.map((c) => path.join(BUNDLE, c)))}) require(f);`;
    const r = spawnSync(process.execPath, ['-e', script], { env: sb.env, encoding: 'utf8' });
    expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it("finds the package's files from the package root, not relative to a module's own depth", () => {
    // A module runs from dist/bundle/lib.cjs or from dist/<folder>/ (tsc): `new URL('../..',
    // import.meta.url)` means a different folder in each. src/version.ts's packageRoot() does not.
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (/\.ts$/.test(entry.name) && /new URL\([^)]*import\.meta\.url/.test(fs.readFileSync(p, 'utf8')))
          offenders.push(path.relative(ROOT, p));
      }
    };
    walk(path.join(ROOT, 'src'));
    expect(offenders).toEqual([]);
  });
});

describe("Node's compile cache", () => {
  /** A sandbox env with the cache allowed (the suite's baseEnv turns it off). */
  function cacheEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
    const env: Record<string, string> = { ...sb.env, XDG_CACHE_HOME: path.join(sb.home, 'xdg-cache') };
    delete env.NODE_DISABLE_COMPILE_CACHE;
    for (const [k, v] of Object.entries(extra)) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    return env;
  }

  it.runIf(hasCompileCache)('is kept under LIB_HOME/cache/compile, and a warm run prints the same', async () => {
    const home = fs.mkdtempSync(path.join(sb.work, 'cache-home-'));
    const env = cacheEnv({ LIB_HOME: home, HOME: path.join(home, 'home') });
    const cold = await runBinary(['--help'], { env, cwd: sb.work });
    const cached = files(path.join(home, 'cache', 'compile'));
    expect(cached.length).toBeGreaterThan(0);
    // Nowhere else: not in HOME, not in the platform's cache folder.
    expect(files(path.join(home, 'home'))).toEqual([]);
    expect(files(path.join(sb.home, 'xdg-cache'))).toEqual([]);
    const warm = await runBinary(['--help'], { env, cwd: sb.work });
    expect(warm).toEqual(cold);
    expect(cold.code).toBe(0);
    expect(cold.stdout).toMatch(/^Usage: lib /m);
  });

  it.runIf(hasCompileCache && process.platform === 'linux')(
    "without LIB_HOME, is kept in the platform's cache folder (XDG_CACHE_HOME/lib/compile)",
    async () => {
      const env = cacheEnv({ LIB_HOME: undefined });
      const r = await runBinary(['--help'], { env, cwd: sb.work });
      expect(r.code).toBe(0);
      expect(files(path.join(sb.home, 'xdg-cache', 'lib', 'compile')).length).toBeGreaterThan(0);
      expect(files(env.HOME!)).toEqual([]);
    },
  );

  it('is off with NODE_DISABLE_COMPILE_CACHE=1, and absent where Node has none (Node 20)', async () => {
    const home = fs.mkdtempSync(path.join(sb.work, 'nocache-home-'));
    const off = await runBinary(['--help'], {
      env: cacheEnv({ LIB_HOME: home, HOME: path.join(home, 'home'), NODE_DISABLE_COMPILE_CACHE: '1' }),
    });
    expect(off.code).toBe(0);
    expect(off.stdout).toMatch(/^Usage: lib /m);
    expect(fs.existsSync(path.join(home, 'cache'))).toBe(false);
    if (!hasCompileCache) {
      const home2 = fs.mkdtempSync(path.join(sb.work, 'nocache-home-'));
      const r = await runBinary(['--help'], { env: cacheEnv({ LIB_HOME: home2, HOME: path.join(home2, 'home') }) });
      expect(r.code).toBe(0);
      expect(fs.readdirSync(home2)).toEqual([]);
    }
  });
});
