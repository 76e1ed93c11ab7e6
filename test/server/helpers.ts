/**
 * Starts `lib serve` in-process on an ephemeral loopback port over a fresh
 * data directory, with two principals (alice, bob), and gives tests a small
 * fetch wrapper that speaks as one of them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/index.js';

export const ALICE = 'alice-secret-token';
export const BOB = 'bob-secret-token';

export interface TestServer {
  server: RunningServer;
  url: string;
  dir: string;
  alice: { userId: string; token: string };
  bob: { userId: string; token: string };
  close(): Promise<void>;
}

export async function startTestServer(opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'lib-serve-'));
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir: dir,
    tokens: [
      { name: 'alice', secret: ALICE },
      { name: 'bob', secret: BOB },
    ],
    processingMs: 0,
    ...opts,
  });
  const who = (name: string) => {
    const p = server.principals.find((x) => x.name === name);
    return { userId: p?.userId ?? '', token: p?.token ?? '' };
  };
  return {
    server,
    url: server.url,
    dir,
    alice: who('alice'),
    bob: who('bob'),
    async close() {
      await server.close();
      if (!opts.dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CallOptions {
  token?: string | null;
  json?: unknown;
  body?: RequestInit['body'];
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  text: string;
}

/** One request; `token` defaults to alice's, null sends none. The body is parsed when it is JSON. */
export async function call(base: string, method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? ALICE : opts.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body = opts.body;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** A multipart body with one file part. */
export function fileForm(name: string, content: string | Uint8Array, type = 'text/plain'): FormData {
  const form = new FormData();
  form.append('file', new Blob([content], { type }), name);
  return form;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `check` until it stops throwing, for what the server finishes after its reply (a
 * closed socket seen, a temp file removed): a fixed sleep is too short on a busy machine.
 */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(10);
    }
  }
}
