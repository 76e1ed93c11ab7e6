/**
 * `lib serve`: the embedded store behind HTTP, speaking Mistral's Libraries
 * API (see mistral/), so the mistral provider, the official SDK and users'
 * own apps can run offline against real sockets.
 *
 * The server writes nothing to stdout (the CLI prints the start-up lines);
 * LIB_SERVE_LOG=1 logs one line per request to stderr, and unexpected errors
 * always go to stderr.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FailedError, UsageError } from '../errors.js';
import { openStore } from '../store/index.js';
import { createApp } from './app.js';
import type { FaultSpec } from './faults.js';
import { authenticator, setUpPrincipals } from './principals.js';
import { DEFAULT_SIGNED_URL_TTL_MS, UrlSigner } from './signed-urls.js';

export { FAULT_HEADER, parseFaults, type FaultKind, type FaultSpec } from './faults.js';

export interface ServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** One principal per token; none makes a principal "default" with a generated token. */
  tokens: { name: string; secret: string }[];
  /** How long documents take to pass todo -> in_progress -> done. */
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
}

export interface RunningServer {
  /** http://host:port */
  url: string;
  port: number;
  orgId: string;
  workspaceId: string;
  principals: { name: string; userId: string; token: string; generated: boolean }[];
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

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const secrets = new Set(opts.tokens.map((t) => t.secret));
  if (secrets.size !== opts.tokens.length) throw new UsageError('two --token principals have the same secret');
  if (!(opts.processingMs >= 0)) throw new UsageError(`invalid processing time ${opts.processingMs}`);

  const store = openStore(opts.dataDir);
  try {
    const org = setUpPrincipals(store, opts.tokens);
    const env = {
      store,
      orgId: org.orgId,
      workspaceId: org.workspaceId,
      processingMs: opts.processingMs,
      signer: new UrlSigner(opts.signedUrlTtlMs ?? DEFAULT_SIGNED_URL_TTL_MS),
    };
    let origin = '';
    const server = createServer(
      createApp({
        env,
        authenticate: authenticator(org.principals),
        faults: opts.faults,
        random: opts.random ?? Math.random,
        origin: () => origin,
        log: opts.log,
        report: opts.report ?? (() => {}),
      }),
    );
    // Large uploads may take longer than Node's default 5-minute request timeout.
    server.requestTimeout = 0;
    await listen(server, opts.port, opts.host);
    const { port } = server.address() as AddressInfo;
    origin = `http://${urlHost(opts.host)}:${port}`;

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).finally(() => store.close()));
    return { url: origin, port, orgId: org.orgId, workspaceId: org.workspaceId, principals: org.principals, close };
  } catch (err) {
    store.close();
    throw err;
  }
}
