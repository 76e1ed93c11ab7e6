/**
 * The small HTTP toolkit every dialect shares, in no vendor's shape: replies,
 * errors that carry a finished body (HttpError) or only a status and a message
 * for the matched dialect to render (Problem), JSON bodies read with a size
 * limit, and draining an unread request body so an early error reply does not
 * break the client. FastAPI's shapes ({"detail"}, pydantic's 422) are in
 * fastapi/, for the dialects whose vendors run FastAPI.
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What a handler returns; the pipeline writes it. `json` undefined means no body, unless `stream` is the body (bytes). */
export interface Reply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
  /** A body of bytes (a file's content), sent with `headers` as they are; opened already. */
  stream?: Readable;
}

/** An error reply already in a dialect's shape: thrown anywhere in a handler, written as-is by the pipeline. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

/**
 * A refusal no vendor owns (a bad signed link, a permission rule, a body too
 * large): a status and a message. The pipeline renders it in the matched
 * dialect's error shape (dialects.ts), or neutrally where no dialect matched.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The answer where no dialect applies: {"error": "not found", "message": "..."}. */
export function neutralError(status: number, message: string, headers?: Record<string, string>): HttpError {
  return new HttpError(status, { error: (STATUS_CODES[status] ?? 'error').toLowerCase(), message }, headers);
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
  if (reply.stream) {
    res.writeHead(reply.status, reply.headers);
    // The client went away mid-download: nothing to answer, the stream is closed.
    pipeline(reply.stream, res).catch(() => undefined);
  } else if (reply.json === undefined) {
    res.writeHead(reply.status, { 'content-length': '0', ...reply.headers });
    res.end();
  } else {
    sendJson(res, reply.status, reply.json, reply.headers, contentType);
  }
}

/** JSON bodies are small (metadata); anything bigger is a client bug, not an upload. */
const JSON_LIMIT = 1024 * 1024;

/** A request's JSON body: none, a value, or text that is not JSON (and why). */
export type JsonBody = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'invalid'; reason: string };

/**
 * The request body parsed as JSON. The content type is not checked (FastAPI
 * parses a declared JSON body whatever the header says); each dialect says
 * how it answers invalid JSON. An oversized body is read to its end (and
 * dropped) so the 413 reaches the client.
 */
export async function readJsonBody(req: IncomingMessage): Promise<JsonBody> {
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
  if (size > JSON_LIMIT) throw new Problem(413, 'Request body too large');
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { kind: 'none' };
  if (nestingDepth(text) > MAX_JSON_DEPTH)
    return { kind: 'invalid', reason: `nested deeper than ${MAX_JSON_DEPTH} levels` };
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch (err) {
    return { kind: 'invalid', reason: (err as Error).message };
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
