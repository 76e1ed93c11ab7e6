/**
 * The request pipeline, in order, the same for every entry of the dialect
 * table (dialects.ts):
 *   /files/...   signed links: no key, no faults (they stand for S3, not the
 *                API); errors in the shape of the dialect that made the link
 *   a dialect's prefix: fault injection (before any work), then auth (the
 *                dialect's key headers), then the dialect's route
 *   anything else: a neutral JSON 404 naming the prefixes served
 * Errors become replies here, in the matched dialect's shape (renderError):
 * HttpError as-is, Problems and the store's typed errors rendered, anything
 * else a 500 (logged to stderr; stdout belongs to the CLI).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Env } from './context.js';
import { actFault, pickFault, type FaultSpec } from './faults.js';
import { dialectFor, dialects, renderError, type Dialect } from './dialects.js';
import { drain, neutralError, Problem, sendJson, sendReply } from './http.js';
import type { Principal } from './principals.js';
import { FILES_PREFIX, linkDialect, serveSigned } from './signed-urls.js';

export interface AppOptions {
  env: Env;
  authenticate: (req: IncomingMessage, scheme: Dialect['auth']) => Principal | undefined;
  faults?: FaultSpec;
  random: () => number;
  /** The server's own origin, for links when a request has no usable Host. */
  origin: () => string;
  /** Where a request log line goes (LIB_SERVE_LOG); nothing is logged when unset. */
  log?: (line: string) => void;
  /** Unexpected errors (always reported: they are bugs). */
  report: (err: unknown) => void;
  /** The dialect table; default dialects() (tests mount others). */
  dialects?: Dialect[];
}

export function createApp(opts: AppOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const table = opts.dialects ?? dialects();
  return (req, res) => {
    const started = Date.now();
    let who = '-';
    void handle(req, res, opts, table, (p) => (who = p.name))
      .catch((err: unknown) => {
        opts.report(err);
        res.destroy();
      })
      .finally(() => {
        opts.log?.(
          `${req.method} ${loggedUrl(req.url ?? '/')} ${res.headersSent ? res.statusCode : 'reset'} ${Date.now() - started}ms ${who}`,
        );
      });
  };
}

/** A signed link's query is its credential: the log keeps the path only. */
function loggedUrl(url: string): string {
  return url.startsWith(FILES_PREFIX) && url.includes('?') ? `${url.slice(0, url.indexOf('?'))}?***` : url;
}

function baseUrlOf(req: IncomingMessage, origin: () => string): string {
  const host = req.headers.host;
  // A Host header is what the client used to reach us, so links built on it work for that client.
  return host && /^[\w.-]+(:\d+)?$|^\[[0-9a-f:.]+\](:\d+)?$/i.test(host) ? `http://${host}` : origin();
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  opts: AppOptions,
  table: readonly Dialect[],
  identified: (p: Principal) => void,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const signed = url.pathname.startsWith(FILES_PREFIX);
  // Whose shape errors take: a link's maker, else the dialect owning the prefix.
  const dialect = signed ? table.find((d) => d.name === linkDialect(url)) : dialectFor(table, url.pathname);
  let lost = false;
  try {
    if (signed) {
      await serveSigned(req, res, url, opts.env.store, opts.env.signer);
      return;
    }
    if (!dialect) {
      // No vendor owns this path: a neutral answer that says where the APIs are.
      const served = table.map((d) => d.prefix).join(', ');
      throw neutralError(404, `no API here; lib serve answers under ${served}`);
    }

    const fault = pickFault(req, opts.faults, opts.random);
    // `lost`: the request is carried out, its answer never leaves (see faults.ts).
    lost = fault === 'lost';
    if (fault && fault !== 'lost') {
      await actFault(fault, req, res, dialect);
      return;
    }
    const caller = opts.authenticate(req, dialect.auth);
    if (!caller) throw dialect.error(401, 'Unauthorized', { 'www-authenticate': 'Bearer' });
    identified(caller);
    // Who the key belongs to, so a client can tell its user (`lib auth status`) and ask for a share.
    res.setHeader('x-lib-user-id', caller.userId);
    res.setHeader('x-lib-user-name', caller.name);

    const match = dialect.router.match(req.method ?? 'GET', url.pathname);
    if (match.kind === 'none') throw dialect.error(404, 'Not Found');
    if (match.kind === 'method') throw dialect.error(405, 'Method Not Allowed', { allow: match.allowed.join(', ') });
    const reply = await match.handler({
      env: opts.env,
      req,
      url,
      params: match.params,
      caller,
      dialect,
      baseUrl: baseUrlOf(req, opts.origin),
    });
    if (lost) req.socket.destroy();
    else sendReply(res, reply, dialect.contentType);
  } catch (err) {
    if (res.headersSent || req.socket.destroyed) {
      // Nobody to answer: the client went away (mid-upload, say), which is not a server error.
      res.destroy();
      return;
    }
    const known = renderError(dialect, err);
    if (!known) opts.report(err);
    const reply = known ?? renderError(dialect, new Problem(500, 'Internal Server Error'))!;
    // Answer only once the client has finished sending (see drain), or close after answering.
    // A stranger gets 401 at once, without waiting for a body that may never come;
    // Node discards whatever body follows, and the idle timeout ends a stalled one.
    const drained = reply.status === 401 || (await drain(req));
    if (lost) {
      req.socket.destroy();
      return;
    }
    sendJson(
      res,
      reply.status,
      reply.body,
      { ...reply.headers, ...(!drained && { connection: 'close' }) },
      dialect?.contentType,
    );
  }
}
