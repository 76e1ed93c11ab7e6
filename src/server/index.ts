/**
 * `lib serve`: the embedded store behind HTTP, speaking each vendor's dialect
 * (the table in dialects.ts; Mistral's Libraries API, the HAL libraries API and AI21 Studio's library files), so
 * the remote providers, the vendors' SDKs and users' own apps can run offline
 * against real sockets.
 *
 * The server writes nothing to stdout (the CLI prints the start-up lines);
 * LIB_SERVE_LOG=1 logs one line per request to stderr, and unexpected errors
 * always go to stderr.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { FailedError, UsageError } from '../errors.js';
import { openStore } from '../store/index.js';
import { DEFAULT_AI21_LIMITS } from './ai21/library.js';
import { createApp } from './app.js';
import { dialects, type Dialect } from './dialects.js';
import type { FaultSpec } from './faults.js';
import { authenticator, setUpPrincipals } from './principals.js';
import { DEFAULT_SIGNED_URL_TTL_MS, UrlSigner } from './signed-urls.js';

export { FAULT_HEADER, parseFaults, type FaultKind, type FaultSpec } from './faults.js';

export interface ServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** One principal per token; none makes the local user (`local`) the one principal, with a generated token. */
  tokens: { name: string; secret: string }[];
  /** How long documents take to pass pending -> processing -> ready. */
  processingMs: number;
  faults?: FaultSpec;
  /** How long signed URLs stay valid. Default 15 minutes. */
  signedUrlTtlMs?: number;
  /** The draw for fault rates (tests pass a seeded one). Default Math.random. */
  random?: () => number;
  /** One line per request (the CLI wires LIB_SERVE_LOG=1 to stderr). Default: silent. */
  log?: (line: string) => void;
  /** Internal errors (500s); the CLI writes them to stderr. Default: silent. */
  report?: (err: unknown) => void;
  /** Time limits and the per-client connection cap (see DEFAULT_LIMITS). */
  limits?: Partial<ServerLimits>;
  /** The dialect table (default: every dialect in dialects.ts). */
  dialects?: Dialect[];
  /** Teams (hal): `team:NAME` principals whose members (token names) act for them. */
  teams?: { name: string; members: string[] }[];
  /** A directory standing in for cloud drives (hal): a library's data.folderId is a folder under it. */
  driveRoot?: string;
  /** How often due syncs (hal's syncInterval) are looked for, in ms. Default 15 s; 0: never. */
  syncCheckMs?: number;
  /** ai21: the largest file and account library accepted, in bytes (default AI21's 5 MB and 1 GB). */
  ai21Limits?: Partial<{ maxFileBytes: number; maxLibraryBytes: number }>;
  /** The server's clock: the store's, and signed links' expiry (tests move it). Default Date.now. */
  now?: () => number;
}

/**
 * What one client can hold (the CLI's --*-timeout-ms and --max-client-connections
 * flags). A connection must send its request headers within headersMs; mid-request
 * it may not go silent for longer than bodyMs; between requests (keep-alive) it
 * is closed after idleMs; a whole request, body included, may take requestMs (0:
 * no limit, so a large upload that keeps sending is never cut). One client address
 * may hold at most connectionsPerClient connections at once.
 */
export interface ServerLimits {
  headersMs: number;
  bodyMs: number;
  idleMs: number;
  requestMs: number;
  connectionsPerClient: number;
}

export const DEFAULT_SYNC_CHECK_MS = 15_000;

export const DEFAULT_LIMITS: ServerLimits = {
  headersMs: 20_000,
  bodyMs: 30_000,
  idleMs: 5_000,
  requestMs: 0,
  connectionsPerClient: 64,
};

export interface RunningServer {
  /** http://host:port */
  url: string;
  port: number;
  orgId: string;
  workspaceId: string;
  principals: { name: string; userId: string; token: string; generated: boolean }[];
  /** Every dialect served, with the base URL its clients take. */
  dialects: { name: string; baseUrl: string }[];
  close(): Promise<void>;
}

/** A host as it goes in a URL: IPv6 literals in brackets. */
function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const hint = err.code === 'EADDRINUSE' ? 'Choose another --port, or --port 0 for a free one.' : undefined;
      reject(
        new FailedError(`cannot listen on ${urlHost(host)}:${port}: ${err.code ?? err.message}`, { hint, cause: err }),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** A JSON reply written straight to a socket, for the cases where Node's HTTP parser gave up or never started. */
function rawJson(socket: Duplex, status: number, reason: string, detail: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ detail });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Node's parser errors (headers over 16 KB, garbage) as JSON instead of a bare status line. */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'HPE_HEADER_OVERFLOW')
    rawJson(socket, 431, 'Request Header Fields Too Large', 'Request headers too large');
  else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') rawJson(socket, 408, 'Request Timeout', 'Request timed out');
  else if (err.code === 'ECONNRESET' || !socket.writable) socket.destroy();
  else rawJson(socket, 400, 'Bad Request', 'Bad request');
}

/** At most `max` connections per client address; the next one is told 429 and closed. */
function capConnections(server: Server, max: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const who = socket.remoteAddress ?? '?';
    const count = (open.get(who) ?? 0) + 1;
    if (count > max) {
      rawJson(socket, 429, 'Too Many Requests', `Too many connections from ${who}`);
      return;
    }
    open.set(who, count);
    socket.once('close', () => {
      const left = (open.get(who) ?? 1) - 1;
      if (left > 0) open.set(who, left);
      else open.delete(who);
    });
  });
}

/** The limits given, leaving out those left undefined (flags not passed). */
function definedOnly<T extends object>(limits: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const secrets = new Set(opts.tokens.map((t) => t.secret));
  if (secrets.size !== opts.tokens.length) throw new UsageError('two --token principals have the same secret');
  if (!(opts.processingMs >= 0)) throw new UsageError(`invalid processing time ${opts.processingMs}`);

  const store = openStore(opts.dataDir, { now: opts.now });
  const stops: (() => void)[] = [];
  try {
    const org = setUpPrincipals(store, opts.tokens, opts.teams);
    const env = {
      store,
      orgId: org.orgId,
      workspaceId: org.workspaceId,
      processingMs: opts.processingMs,
      signer: new UrlSigner(opts.signedUrlTtlMs ?? DEFAULT_SIGNED_URL_TTL_MS, opts.now),
      driveRoot: opts.driveRoot ?? null,
      syncCheckMs: opts.syncCheckMs ?? DEFAULT_SYNC_CHECK_MS,
      ai21Limits: { ...DEFAULT_AI21_LIMITS, ...definedOnly(opts.ai21Limits ?? {}) },
    };
    // One table for routing, background work and the start-up lines: a dialect may hold state.
    const table = opts.dialects ?? dialects();
    let origin = '';
    const limits = { ...DEFAULT_LIMITS, ...definedOnly(opts.limits ?? {}) };
    // Node refuses a headers limit longer than the whole request's.
    const headersMs = limits.requestMs > 0 ? Math.min(limits.headersMs, limits.requestMs) : limits.headersMs;
    const checked = limits.requestMs > 0 ? Math.min(headersMs, limits.requestMs) : headersMs;
    const server = createServer(
      {
        headersTimeout: headersMs,
        // 0 by default: a large upload takes long; silence is what is limited (server.timeout).
        requestTimeout: limits.requestMs,
        keepAliveTimeout: limits.idleMs,
        // How often Node checks those two; its default (30 s) would let a stalled client sit that long.
        connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(checked / 4))),
      },
      createApp({
        env,
        authenticate: authenticator(org.principals),
        faults: opts.faults,
        random: opts.random ?? Math.random,
        origin: () => origin,
        log: opts.log,
        report: opts.report ?? (() => {}),
        dialects: table,
      }),
    );
    server.timeout = limits.bodyMs; // a socket silent this long mid-request is destroyed
    capConnections(server, limits.connectionsPerClient);
    server.on('clientError', answerClientError);
    await listen(server, opts.port, opts.host);
    for (const d of table) if (d.start) stops.push(d.start(env));
    const { port } = server.address() as AddressInfo;
    origin = `http://${urlHost(opts.host)}:${port}`;

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const stop of stops) stop();
        server.close(() => resolve());
        server.closeAllConnections();
      })
        .then(async () => void (await Promise.all(table.map((d) => d.settled?.()))))
        .finally(() => store.close()));
    const served = table.map((d) => ({ name: d.name, baseUrl: `${origin}${d.basePath}` }));
    return {
      url: origin,
      port,
      orgId: org.orgId,
      workspaceId: org.workspaceId,
      principals: org.principals,
      dialects: served,
      close,
    };
  } catch (err) {
    for (const stop of stops) stop();
    store.close();
    throw err;
  }
}
