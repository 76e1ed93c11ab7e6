/**
 * The small HTTP toolkit every dialect shares: replies, errors that carry a
 * status and a vendor body, JSON bodies read with a size limit, and draining
 * an unread request body so an early error reply does not break the client.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthError, ConflictError, NotFoundError, UsageError } from '../errors.js';

/** What a handler returns; the pipeline writes it. `json` undefined means no body. */
export interface Reply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

/** An error reply: thrown anywhere in a handler, written as-is by the pipeline. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

/** FastAPI's HTTPException shape: {"detail": "..."}. */
export function httpError(status: number, detail: string, headers?: Record<string, string>): HttpError {
  return new HttpError(status, { detail }, headers);
}

/** One item of FastAPI's 422 `detail` list. */
export interface Issue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

export function validationError(issues: Issue[]): HttpError {
  return new HttpError(422, { detail: issues });
}

/**
 * The store's typed errors as HTTP: not found 404, conflict 409, invalid
 * input 422 (a value_error on `loc`, as pydantic reports a failed validator).
 */
export function fromStoreError(err: unknown, loc: (string | number)[] = ['body']): HttpError | undefined {
  if (err instanceof NotFoundError) return httpError(404, err.message);
  if (err instanceof AuthError) return httpError(403, err.message);
  if (err instanceof ConflictError) return httpError(409, err.message);
  if (err instanceof UsageError)
    return validationError([{ type: 'value_error', loc, msg: `Value error, ${err.message}` }]);
  return undefined;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json',
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function sendReply(res: ServerResponse, reply: Reply, contentType?: string): void {
  if (reply.json === undefined) {
    res.writeHead(reply.status, { 'content-length': '0', ...reply.headers });
    res.end();
  } else {
    sendJson(res, reply.status, reply.json, reply.headers, contentType);
  }
}

/** JSON bodies are small (metadata); anything bigger is a client bug, not an upload. */
const JSON_LIMIT = 1024 * 1024;

/**
 * The request body parsed as JSON, or `undefined` when there is none. Invalid
 * JSON is FastAPI's 422 json_invalid; the content type is not checked, as
 * FastAPI parses a declared JSON body whatever the header says. An oversized
 * body is read to its end (and dropped) so the 413 reaches the client.
 */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (!req.readableEnded) {
    await new Promise<void>((resolve, reject) => {
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= JSON_LIMIT) chunks.push(chunk);
      });
      req.once('end', resolve);
      req.once('error', reject);
      req.once('close', () => (req.readableEnded ? resolve() : reject(new Error('request aborted'))));
    });
  }
  if (size > JSON_LIMIT) throw httpError(413, 'Request body too large');
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  if (nestingDepth(text) > MAX_JSON_DEPTH) {
    throw validationError([
      {
        type: 'json_invalid',
        loc: ['body', 0],
        msg: 'JSON decode error',
        input: {},
        ctx: { error: `nested deeper than ${MAX_JSON_DEPTH} levels` },
      },
    ]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw validationError([
      {
        type: 'json_invalid',
        loc: ['body', 0],
        msg: 'JSON decode error',
        input: {},
        ctx: { error: (err as Error).message },
      },
    ]);
  }
}

/** No API body here nests anywhere near this; deeper input only exists to exhaust a stack. */
const MAX_JSON_DEPTH = 64;

/** The deepest nesting of arrays and objects in JSON text, in one pass (strings skipped). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** Beyond this, an unread body is not worth reading just to answer an error: the connection is closed instead. */
const DRAIN_LIMIT = 8 * 1024 * 1024;

/**
 * Reads and discards what is left of the request body. Answering before the
 * client has finished sending makes many clients (undici among them) see a
 * broken pipe instead of the answer, so error replies wait for the body; a
 * huge one is cut short and the connection closed after the reply.
 * Resolves true when the body was fully read.
 *
 * It reads with 'readable' + read(), which works whether or not an async
 * iterator (the multipart reader's) already holds the stream; and it never
 * destroys the request, which would reset the socket before the reply.
 */
export function drain(req: IncomingMessage): Promise<boolean> {
  if (req.readableEnded) return Promise.resolve(true);
  if (req.destroyed) return Promise.resolve(false);
  if (Number(req.headers['content-length'] ?? NaN) > DRAIN_LIMIT) return Promise.resolve(false);
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (ok: boolean) => {
      req.off('readable', onReadable);
      req.off('end', onEnd);
      req.off('error', onClose);
      req.off('close', onClose);
      resolve(ok);
    };
    const onReadable = () => {
      for (let chunk: Buffer | null; (chunk = req.read() as Buffer | null) !== null;) {
        seen += chunk.length;
        if (seen > DRAIN_LIMIT) return finish(false);
      }
    };
    const onEnd = () => finish(true);
    const onClose = () => finish(req.readableEnded);
    req.on('readable', onReadable);
    req.on('end', onEnd);
    req.on('error', onClose);
    req.on('close', onClose);
    onReadable();
  });
}
