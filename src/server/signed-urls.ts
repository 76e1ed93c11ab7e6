/**
 * Signed URLs: links that serve a document's bytes (or its extracted text)
 * to anyone holding them, without an API key, until they expire; like the
 * S3 links Mistral hands out. The signature is an HMAC over what the link
 * grants (document, kind, expiry) and the dialect that made it, with a key
 * made when the server starts, so links do not outlive the process that made
 * them (they expire in minutes anyway) and nothing secret is written to the
 * data directory. A link's errors (403, 404, 405) are in its dialect's shape;
 * a link naming no dialect this server speaks gets neutral JSON.
 *
 * GET /files/{document_id}?dialect=<name>&kind=raw|text&expires=<ms>&signature=<hex>
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Store } from '../store/index.js';
import { Problem } from './http.js';

export type SignedKind = 'raw' | 'text';

export const FILES_PREFIX = '/files/';
/** Mistral's links last 30 minutes; ours 15 unless told otherwise. */
export const DEFAULT_SIGNED_URL_TTL_MS = 15 * 60 * 1000;

export class UrlSigner {
  private readonly key = randomBytes(32);

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private mac(dialect: string, documentId: string, kind: SignedKind, expires: number): Buffer {
    return createHmac('sha256', this.key).update(`${dialect}\n${documentId}\n${kind}\n${expires}`).digest();
  }

  /** A link to a document's bytes (raw) or text, made by `dialect` (its name). */
  sign(baseUrl: string, dialect: string, documentId: string, kind: SignedKind): string {
    const expires = this.now() + this.ttlMs;
    const signature = this.mac(dialect, documentId, kind, expires).toString('hex');
    const q = new URLSearchParams({ dialect, kind, expires: String(expires), signature });
    return `${baseUrl}${FILES_PREFIX}${encodeURIComponent(documentId)}?${q}`;
  }

  /** The document and kind a link grants, or a 403 for a forged, altered or expired one. */
  verify(url: URL): { documentId: string; kind: SignedKind } {
    let documentId: string;
    try {
      documentId = decodeURIComponent(url.pathname.slice(FILES_PREFIX.length));
    } catch {
      throw new Problem(400, 'Invalid percent-encoding in the link');
    }
    const dialect = linkDialect(url) ?? '';
    const kind = url.searchParams.get('kind');
    const expires = Number(url.searchParams.get('expires'));
    const hex = url.searchParams.get('signature') ?? '';
    // Exactly the hex of one MAC: Buffer.from(hex, 'hex') would stop at the first
    // bad character and accept a signature with anything appended.
    if ((kind !== 'raw' && kind !== 'text') || !Number.isSafeInteger(expires) || !/^[0-9a-f]{64}$/.test(hex))
      throw new Problem(403, 'Invalid signature');
    const given = Buffer.from(hex, 'hex');
    const want = this.mac(dialect, documentId, kind, expires);
    if (given.length !== want.length || !timingSafeEqual(given, want)) throw new Problem(403, 'Invalid signature');
    if (this.now() > expires) throw new Problem(403, 'Request has expired');
    return { documentId, kind };
  }
}

/** The dialect a link names (whose shape its errors take), before any check. */
export function linkDialect(url: URL): string | undefined {
  return url.searchParams.get('dialect') ?? undefined;
}

/** RFC 6266 / 5987: an ASCII fallback and the exact UTF-8 name. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Serves GET/HEAD of a signed link; no Authorization is read or needed. */
export async function serveSigned(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  store: Store,
  signer: UrlSigner,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    throw new Problem(405, 'Method Not Allowed', { allow: 'GET, HEAD' });
  }
  const { documentId, kind } = signer.verify(url);
  const file = store.getFile(documentId);
  if (!file) throw new Problem(404, 'Document not found');
  const head = req.method === 'HEAD';
  if (kind === 'text') {
    const text = Buffer.from(store.getText(file.id) ?? '', 'utf8');
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(text.length) });
    res.end(head ? undefined : text);
    return;
  }
  const headers = {
    'content-type': file.mimeType ?? 'application/octet-stream',
    'content-length': String(file.size),
    'content-disposition': contentDisposition(file.name),
  };
  if (head) {
    res.writeHead(200, headers);
    res.end();
    return;
  }
  const stream = store.openBlob(file.hash);
  // Open before answering: a blob missing on disk is a 404, not a 200 cut short.
  try {
    await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
  } catch {
    throw new Problem(404, 'Document content not found');
  }
  res.writeHead(200, headers);
  await pipeline(stream, res).catch(() => {
    // The client went away mid-download: nothing to answer.
  });
}
