/**
 * End-to-end helpers for the mistral provider: `lib serve`'s server runs
 * in-process on an ephemeral loopback port over a temporary data directory
 * with two principals (the `serve` command itself, flags, signals and start-up
 * lines, is tested in test/e2e/serve*.test.ts), and `lib` runs against it as a
 * user would, with a private LIB_HOME. Every output of every run is
 * kept, so a suite can assert at the end that no API key ever reached stdout
 * or stderr.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { parseFaults, startServer, type FaultSpec } from '../../src/server/index.js';
import type { TestClock } from '../clock.js';
import { json, runLib, Sandbox, tempDir, type Result, type RunOptions } from '../helpers.js';

/** Parsed JSON of any shape: tests read what they expect from it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
export type Json = any;

export interface Principal {
  name: string;
  userId: string;
  token: string;
}

export interface Serve {
  url: string;
  orgId: string;
  workspaceId: string;
  dataDir: string;
  alice: Principal;
  bob: Principal;
  /** What the server wrote to stderr so far (LIB_SERVE_LOG lines, internal errors). */
  stderr(): string;
  /** Close the server (its connections too). Leaves the data directory. */
  stop(): Promise<void>;
  /** stop() and remove the data directory. */
  dispose(): Promise<void>;
  /** The clock of the server and of its users' runs, when it has one of its own. */
  clock?: TestClock;
}

export interface ServeOptions {
  processingMs?: number;
  /** `lib serve --faults` (a string as the flag takes it, or parsed). */
  faults?: string | FaultSpec;
  /** The draw for the fault rates (a fault sequence, test/fault-sequence.ts); default Math.random. */
  random?: () => number;
  /** Reuse a data directory (a second server over the same store). */
  dataDir?: string;
  /** Reuse the principals' secrets (they keep their user ids on the same data directory). */
  secrets?: { alice: string; bob: string };
  /** LIB_SERVE_LOG=1: one line per request on the server's stderr. */
  log?: boolean;
  /** The server's clock, shared with every Cli of it: processing then moves as lib polls, not in real time. */
  clock?: TestClock;
}

/** Long, random secrets: a leak of one into any output is unmistakable (and `scrub` skips keys under 8 characters). */
export function newSecrets(): { alice: string; bob: string } {
  return { alice: `alice-${randomBytes(16).toString('hex')}`, bob: `bob-${randomBytes(16).toString('hex')}` };
}

export async function startServe(opts: ServeOptions = {}): Promise<Serve> {
  const secrets = opts.secrets ?? newSecrets();
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? tempDir('lib-e2e-serve-');
  let err = '';
  // What `lib serve` writes to its stderr: LIB_SERVE_LOG lines and internal errors, in its words.
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    tokens: [
      { name: 'alice', secret: secrets.alice },
      { name: 'bob', secret: secrets.bob },
    ],
    processingMs: opts.processingMs ?? 300,
    now: opts.clock?.now,
    faults: typeof opts.faults === 'string' ? parseFaults(opts.faults) : opts.faults,
    random: opts.random,
    log: opts.log ? (line) => (err += `lib serve: ${line}\n`) : undefined,
    report: (e) => (err += `lib serve: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`),
  });
  const who = (name: 'alice' | 'bob'): Principal => {
    const p = server.principals.find((x) => x.name === name);
    if (!p) throw new Error(`lib serve did not make principal ${name}`);
    return { name, userId: p.userId, token: secrets[name] };
  };
  let closed: Promise<void> | undefined;
  const stop = () => (closed ??= server.close());
  return {
    url: server.url,
    orgId: server.orgId,
    workspaceId: server.workspaceId,
    dataDir,
    alice: who('alice'),
    bob: who('bob'),
    stderr: () => err,
    clock: opts.clock,
    stop,
    async dispose() {
      await stop();
      if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type RawResult = Result;

/**
 * A user of `lib` with their own LIB_HOME, pointed at a server by the
 * environment (LIB_PROVIDER, LIB_BASE_URL, LIB_API_KEY), as a CI script would.
 */
export class Cli {
  readonly sandbox = new Sandbox();
  /** Every output produced by this user's runs, for the "no key in any output" check. */
  readonly outputs: string[] = [];

  constructor(
    readonly server: { url: string; clock?: TestClock },
    readonly token: string,
    extraEnv: Record<string, string> = {},
  ) {
    Object.assign(this.sandbox.env, {
      LIB_PROVIDER: 'mistral',
      LIB_BASE_URL: server.url,
      LIB_API_KEY: token,
      ...extraEnv,
    });
  }

  get work(): string {
    return this.sandbox.work;
  }

  file(rel: string, content: string | Buffer): string {
    return this.sandbox.file(rel, content);
  }

  /** Run `lib ARGS`; `env` entries set to undefined are removed from the environment. */
  run(args: string[], opts: RunOptions = {}): Promise<RawResult> {
    const env: Record<string, string> = { ...this.sandbox.env };
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    const run = { timeoutMs: 60_000, clock: this.server.clock, ...opts, env, cwd: opts.cwd ?? this.sandbox.work };
    return runLib(args, run).then((r) => {
      this.outputs.push(r.stdout, r.stderr);
      return r;
    });
  }

  /** Run and require exit 0 (the failure message carries stderr). */
  async ok(args: string[], opts: RunOptions = {}): Promise<RawResult> {
    const r = await this.run(args, opts);
    if (r.code !== 0)
      throw new Error(`lib ${args.join(' ')} exited ${r.code}\nstderr: ${r.stderr}\nstdout: ${r.stdout}`);
    return r;
  }

  /** Run with --json and parse stdout. */
  async json<T = Json>(args: string[], opts: RunOptions = {}): Promise<T> {
    return json<T>((await this.ok(['--json', ...args], opts)).stdout);
  }

  cleanup(): void {
    this.sandbox.cleanup();
  }
}

/** No principal's key in any stdout or stderr of any run of these users (--debug included); then clean up. */
export function expectNoKeysLeaked(servers: (Serve | undefined)[], clis: (Cli | undefined)[]): void {
  const keys = servers.flatMap((s) => (s ? [s.alice.token, s.bob.token] : []));
  for (const cli of clis) {
    for (const text of cli?.outputs ?? []) for (const key of keys) expect(text).not.toContain(key);
    cli?.cleanup();
  }
}

/** One API call as a principal, straight to the server: for setting up many records fast. */
export async function api(
  server: { url: string },
  token: string,
  method: string,
  urlPath: string,
  body?: unknown,
): Promise<Json> {
  const res = await fetch(server.url + urlPath, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${urlPath}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Upload one document straight to the server (setup, not the subject); returns Mistral's Document payload. */
export async function apiUpload(
  server: { url: string },
  token: string,
  libraryId: string,
  name: string,
  content: string | Buffer,
): Promise<Json> {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
  const res = await fetch(`${server.url}/v1/libraries/${libraryId}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`upload ${name}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Lines of --debug trace that are requests ("> GET url"). */
export function requestLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /^\[debug\] > [A-Z]+ /.test(l));
}

/** Write `count` small distinct files under dir (f001.txt ...); returns their names. */
export function writeFiles(dir: string, count: number, prefix = 'f'): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const names: string[] = [];
  const width = String(count).length;
  for (let i = 1; i <= count; i++) {
    const name = `${prefix}${String(i).padStart(width, '0')}.txt`;
    fs.writeFileSync(path.join(dir, name), `document ${prefix} ${i} of ${count}: ${randomBytes(8).toString('hex')}\n`);
    names.push(name);
  }
  return names;
}

/**
 * Per-test and per-hook time limits: each run of the binary costs a Node start-up (~0.4 s of CPU), and
 * two cores shared with the rest of the suite can make that several seconds; a slow machine must not fail.
 */
export const TEST_TIMEOUT = 150_000;
export const HOOK_TIMEOUT = 60_000;
