/**
 * End-to-end helpers: run the built binary as a child process with a private
 * LIB_HOME, and capture stdout, stderr and the exit code. Nothing here touches
 * the real home directory or a fixed port.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Clock } from '../src/clock.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'lib.js');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as bytes, for binary output (`file download -o -`). */
  stdoutBytes: Buffer;
}

export interface RunOptions {
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
  /**
   * In-process only: the test IO says stdin, stdout and stderr are terminals of this
   * width (as gh's iostreams.Test() with SetStdoutTTY), so tables, color, prompts'
   * refusals and progress are decided as on a terminal; stdout and stderr stay apart.
   */
  terminal?: { columns?: number };
  /** In-process only: the clock lib polls and backs off on (test/clock.ts), shared with an in-process server. */
  clock?: Clock;
}

/** A clean environment: no color forcing, no CI spinner surprises, no vendor keys from the host. */
export function baseEnv(home: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'SYSTEMROOT', 'TMPDIR', 'LANG']) if (process.env[key]) env[key] = process.env[key]!;
  env.LIB_HOME = home;
  env.HOME = path.join(home, 'home');
  env.XDG_CONFIG_HOME = path.join(home, 'xdg-config');
  env.XDG_DATA_HOME = path.join(home, 'xdg-data');
  // Node's compile cache (bin/lib.js, Node >= 22.1) would add LIB_HOME/cache/ to
  // trees that tests compare; test/e2e/bundle.test.ts tests it on its own.
  env.NODE_DISABLE_COMPILE_CACHE = '1';
  return env;
}

export function tempDir(prefix = 'lib-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export class Sandbox {
  readonly home = tempDir('lib-home-');
  readonly work = tempDir('lib-work-');
  env: Record<string, string> = baseEnv(this.home);

  run(args: string[], opts: RunOptions = {}): Promise<Result> {
    return runLib(args, { ...opts, env: { ...this.env, ...opts.env }, cwd: opts.cwd ?? this.work });
  }

  /** Run and insist on exit 0 (failing with everything the command printed); returns stdout. */
  async lib(args: string[], opts: RunOptions = {}): Promise<string> {
    return ok(await this.run(args, opts), args);
  }

  /** Write a file under the work dir and return its path. */
  file(rel: string, content: string | Buffer): string {
    const p = path.join(this.work, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    return p;
  }

  cleanup(): void {
    fs.rmSync(this.home, { recursive: true, force: true });
    fs.rmSync(this.work, { recursive: true, force: true });
  }
}

/**
 * Runs lib the way most tests want it: in-process, through the same built
 * main() the binary runs (dist/main.js), with a test IO (buffers for stdout and
 * stderr, stdin from `input`, every stream a non-terminal) and the sandbox's env
 * and cwd, so a run costs milliseconds instead of a Node start-up. What only a
 * real process shows (signals, exit on EPIPE, terminals, many processes at once,
 * the executable's own --version) uses runBinary. LIB_TEST_BINARY=1 sends every
 * run through the binary instead.
 */
export function runLib(args: string[], opts: RunOptions = {}): Promise<Result> {
  return process.env.LIB_TEST_BINARY && !opts.terminal && !opts.clock
    ? runBinary(args, opts)
    : runInProcess(args, opts);
}

/**
 * Run lib in-process as if on a terminal (see RunOptions.terminal), with TERM set as a
 * terminal emulator sets it. What only a real terminal shows (the program's own
 * detection of one, raw-mode prompts, Ctrl-C from the keyboard) uses runInTerminal.
 */
export function runOnTestTerminal(sandbox: Sandbox, args: string[], opts: RunOptions = {}): Promise<Result> {
  return runInProcess(args, {
    ...opts,
    terminal: opts.terminal ?? {},
    env: { ...sandbox.env, TERM: 'xterm-256color', ...opts.env },
    cwd: opts.cwd ?? sandbox.work,
  });
}

type Main = (argv: string[], env: NodeJS.ProcessEnv, io: unknown, clock?: Clock) => Promise<number>;
let mainModule: Promise<{ main: Main }> | undefined;
/** One in-process run at a time per worker: cwd is the process's. */
let queue: Promise<unknown> = Promise.resolve();

/** The IO a test hands main() or a factory: stdout and stderr captured, stdin from `input`, no terminal unless said. */
export function captureIO(
  opts: {
    input?: string | Buffer;
    isStdoutTTY?: boolean;
    isStderrTTY?: boolean;
    isStdinTTY?: boolean;
    progress?: boolean;
    columns?: number;
  } = {},
) {
  const out = new PassThrough();
  const err = new PassThrough();
  const outChunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  out.on('data', (c: Buffer) => outChunks.push(c));
  err.on('data', (c: Buffer) => errChunks.push(c));
  const io = {
    out,
    err,
    in: Readable.from(opts.input === undefined ? [] : [Buffer.from(opts.input)]),
    isStdoutTTY: opts.isStdoutTTY ?? false,
    isStderrTTY: opts.isStderrTTY ?? false,
    isStdinTTY: opts.isStdinTTY ?? false,
    color: false, // main() decides it from these flags, the environment and --no-color
    progress: opts.progress ?? false,
    columns: opts.columns ?? 0,
  };
  return {
    io,
    stdout: (): Buffer => Buffer.concat(outChunks),
    stderr: (): string => Buffer.concat(errChunks).toString('utf8'),
  };
}

export function runInProcess(args: string[], opts: RunOptions = {}): Promise<Result> {
  const run = async (): Promise<Result> => {
    mainModule ??= import(pathToFileURL(path.join(ROOT, 'dist', 'main.js')).href) as Promise<{ main: Main }>;
    const { main } = await mainModule;
    const env = opts.env ?? {};
    const tty = opts.terminal !== undefined;
    const { io, stdout, stderr } = captureIO({
      input: opts.input,
      isStdoutTTY: tty,
      isStderrTTY: tty,
      isStdinTTY: tty,
      progress: tty && !env.CI && env.TERM !== 'dumb', // as systemIO() decides it
      columns: tty ? (opts.terminal?.columns ?? 120) : 0,
    });
    const cwd = process.cwd();
    if (opts.cwd) process.chdir(opts.cwd);
    let code: number;
    try {
      code = await main(args, env as NodeJS.ProcessEnv, io, opts.clock);
    } finally {
      process.chdir(cwd);
    }
    const bytes = stdout();
    return { code, stdout: bytes.toString('utf8'), stderr: stderr(), stdoutBytes: bytes };
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

/** Runs the built executable as a child process. */
export function runBinary(args: string[], opts: RunOptions = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: opts.env as NodeJS.ProcessEnv,
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 25_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const bytes = Buffer.concat(out);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: bytes.toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        stdoutBytes: bytes,
      });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

/** `script` gives the child a pseudo-terminal for stdin, stdout and stderr (merged in its output). */
export const HAS_SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

export interface TerminalOptions extends RunOptions {
  columns?: number;
  /**
   * Typed into the terminal in order, each once the output so far matches
   * `when` (a prompt), so answers never race the program's start-up.
   */
  answers?: { when: string | RegExp; input: string }[];
}

/**
 * Run lib on a pseudo-terminal (stdin, stdout and stderr all terminals, so
 * stdout holds both streams, with "\r\n" turned into "\n").
 */
export function runInTerminal(sandbox: Sandbox, args: string[], opts: TerminalOptions = {}): Promise<Result> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const command = `stty cols ${opts.columns ?? 120} 2>/dev/null; ${quoted}`;
  return runCommand('script', ['-qefc', command, '/dev/null'], {
    ...opts,
    env: { ...sandbox.env, TERM: 'xterm-256color', ...opts.env },
    cwd: opts.cwd ?? sandbox.work,
  });
}

function runCommand(cmd: string, args: string[], opts: TerminalOptions): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: opts.env as NodeJS.ProcessEnv,
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const answers = [...(opts.answers ?? [])];
    let seen = '';
    child.stdout.on('data', (c: Buffer) => {
      out.push(c);
      if (!answers.length) return;
      seen += c.toString('utf8');
      const next = answers[0]!;
      if (typeof next.when === 'string' ? seen.includes(next.when) : next.when.test(seen)) {
        answers.shift();
        seen = '';
        child.stdin.write(next.input);
        if (!answers.length) child.stdin.end();
      }
    });
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 25_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const bytes = Buffer.concat(out);
      resolve({
        code: code ?? 1,
        stdout: bytes.toString('utf8').replace(/\r\n/g, '\n'),
        stderr: Buffer.concat(err).toString('utf8'),
        stdoutBytes: bytes,
      });
    });
    child.stdin.on('error', () => {});
    if (opts.answers?.length) {
      // stdin stays open until the last answer is typed.
    } else if (opts.input !== undefined) {
      // Give the program a moment to reach its prompt before answering.
      setTimeout(() => child.stdin.end(opts.input), 400);
    } else {
      child.stdin.end();
    }
  });
}

/** Parse JSON or fail with the text in the message. */
export function json<T = unknown>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`not JSON: ${text}`);
  }
}

export const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

/** Fail with the command and everything it printed unless it exited 0; return stdout. */
export function ok(r: Result, args: string[] = []): string {
  if (r.code !== 0) {
    throw new Error(`lib ${args.join(' ')} exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  }
  return r.stdout;
}

/** Patterns for what varies from run to run. */
export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
export const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/;
export const SHA256 = /[0-9a-f]{64}/;

const escapeRegExp = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A regex for a whole text: the template's literal parts and interpolated
 * strings/numbers match exactly; interpolated RegExps (UUID, ISO...) are patterns.
 *   expect(out).toMatch(exactly`id\t${UUID}\nname\t${name}\n`)
 */
export function exactly(strings: TemplateStringsArray, ...parts: (RegExp | string | number)[]): RegExp {
  const src = strings.map((t, i) => {
    const part = parts[i];
    const tail = part === undefined ? '' : part instanceof RegExp ? `(?:${part.source})` : escapeRegExp(String(part));
    return escapeRegExp(t) + tail;
  });
  return new RegExp(`^${src.join('')}$`);
}

export const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/;

/** `lib file sync`'s pipe lines as "action path", sorted: what a run did, whatever order it finished in. */
export function syncActions(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t').slice(0, 2).join(' '))
    .sort();
}
