/**
 * A streaming multipart/form-data reader (RFC 7578). Uploads can be far larger
 * than memory, and undici's Request.formData() buffers whole files, so parts
 * are read one at a time and a part's body is yielded in chunks as it arrives:
 * the upload handler pipes it straight into the store, which hashes it while
 * writing it to disk. Memory stays at about one network chunk whatever the
 * file's size.
 *
 *   const reader = new MultipartReader(req, boundaryOf(contentType));
 *   for (let part; (part = await reader.next()); ) { for await (const c of reader.body()) ... }
 *
 * A part's unread body is skipped when next() is called again.
 */
import { Problem } from './http.js';

export interface PartInfo {
  /** The form field name. */
  name: string;
  /** Present when the part is a file (even an empty filename ""). */
  filename?: string;
  contentType?: string;
}

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');
const MAX_HEADERS = 16 * 1024;

function malformed(): Error {
  // Starlette's words for a body it cannot parse; the matched dialect gives it its shape.
  return new Problem(400, 'There was an error parsing the body');
}

/** The boundary of a multipart/form-data content type, or undefined when it is not one. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
  const params = parseParams(contentType.slice(contentType.indexOf(';') + 1));
  const b = params.boundary;
  return b && b.length <= 200 ? b : undefined;
}

export class MultipartReader {
  private readonly source: AsyncIterator<Buffer>;
  private readonly delimiter: Buffer;
  // Starts with CRLF so the first boundary (which has none before it) matches the same delimiter.
  private buf: Buffer = CRLF;
  private ended = false;
  private state: 'preamble' | 'headers' | 'body' | 'done' = 'preamble';

  constructor(source: AsyncIterable<Buffer>, boundary: string) {
    this.source = source[Symbol.asyncIterator]();
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  private async more(): Promise<void> {
    if (!this.ended) {
      const r = await this.source.next();
      if (r.done) this.ended = true;
      else {
        this.buf = this.buf.length ? Buffer.concat([this.buf, r.value]) : r.value;
        return;
      }
    }
    throw malformed(); // the body ended before the closing boundary
  }

  /** The next part's headers, or null after the closing boundary. */
  async next(): Promise<PartInfo | null> {
    if (this.state === 'body') for await (const _ of this.body()) void _; // skip what the caller left
    if (this.state === 'preamble') await this.skipPreamble();
    if (this.state === 'done') return null;

    while (this.buf.length < 2) await this.more();
    if (this.buf[0] === 0x2d && this.buf[1] === 0x2d) {
      this.state = 'done'; // "--" after a delimiter closes the body; the epilogue is ignored
      return null;
    }
    let end: number;
    while ((end = this.buf.indexOf(HEADERS_END)) < 0) {
      if (this.buf.length > MAX_HEADERS) throw malformed();
      await this.more();
    }
    // What follows the delimiter: optional whitespace padding, CRLF, then header lines.
    const lines = this.buf.subarray(0, end).toString('utf8').split('\r\n');
    if (lines[0]!.trim() !== '') throw malformed();
    this.buf = this.buf.subarray(end + HEADERS_END.length);
    this.state = 'body';
    return partInfo(lines.slice(1));
  }

  /** The current part's body, in chunks as they arrive. */
  async *body(): AsyncGenerator<Buffer> {
    if (this.state !== 'body') return;
    for (;;) {
      const at = this.buf.indexOf(this.delimiter);
      if (at >= 0) {
        const last = this.buf.subarray(0, at);
        this.buf = this.buf.subarray(at + this.delimiter.length);
        this.state = 'headers';
        if (last.length > 0) yield last;
        return;
      }
      // Keep back what could be the start of a delimiter split across chunks.
      const safe = this.buf.length - (this.delimiter.length - 1);
      if (safe > 0) {
        const chunk = this.buf.subarray(0, safe);
        this.buf = this.buf.subarray(safe);
        yield chunk;
      }
      await this.more();
    }
  }

  private async skipPreamble(): Promise<void> {
    let at: number;
    while ((at = this.buf.indexOf(this.delimiter)) < 0) {
      this.buf = this.buf.subarray(Math.max(0, this.buf.length - this.delimiter.length + 1));
      await this.more();
    }
    this.buf = this.buf.subarray(at + this.delimiter.length);
    this.state = 'headers';
  }
}

function partInfo(lines: string[]): PartInfo {
  let disposition: Record<string, string> | undefined;
  let contentType: string | undefined;
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformed();
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') {
      if (!/^form-data\s*(;|$)/i.test(value)) throw malformed();
      disposition = parseParams(value.slice(value.indexOf(';') + 1));
    } else if (key === 'content-type') {
      contentType = value;
    }
  }
  if (!disposition || disposition.name === undefined) throw malformed();
  // RFC 5987 filename*=UTF-8''... wins over the plain filename when both are given.
  const filename = disposition['filename*'] ?? disposition.filename;
  return { name: disposition.name, ...(filename !== undefined && { filename }), ...(contentType && { contentType }) };
}

/**
 * `; key=value; key="quoted \"value\""` parameters, keys lower-cased. Quoted
 * strings are taken literally apart from \" and \\ (browsers and undici
 * percent-encode quotes and newlines in names instead of escaping them).
 */
function parseParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /[\s;]/.test(text[i]!)) i++;
    const eq = text.indexOf('=', i);
    if (eq < 0) break;
    const key = text.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    let value = '';
    if (text[i] === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) {
        // Only \" and \\ are escapes (as python-multipart reads them): "C:\dir\a.txt" keeps its backslashes.
        if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) i++;
        value += text[i];
      }
      i++; // closing quote
    } else {
      const semi = text.indexOf(';', i);
      value = text.slice(i, semi < 0 ? text.length : semi).trim();
      i = semi < 0 ? text.length : semi;
    }
    if (key.endsWith('*')) {
      const m = /^([\w!#$%&+^`{}~-]*)'[^']*'(.*)$/.exec(value);
      if (m) {
        try {
          value = m[1]!.toLowerCase() === 'utf-8' ? decodeURIComponent(m[2]!) : latin1Decode(m[2]!);
        } catch {
          continue; // undecodable extended value: fall back to the plain parameter
        }
      }
    }
    if (key) out[key] = value;
  }
  return out;
}

/** Percent-decoding of an ISO-8859-1 extended value: each byte is one character. */
function latin1Decode(s: string): string {
  return s.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
