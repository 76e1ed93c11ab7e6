/**
 * Text extraction for text-like documents: the text `lib file text` prints and
 * FTS5 indexes. Only text-like files are read into memory, and only up to
 * TEXT_CAP_BYTES; other types (pdf, docx, ...) have no text here.
 */
import { open } from 'node:fs/promises';
import { extensionOf } from '../mime.js';

/** Text beyond this many bytes is not extracted (the blob itself keeps everything). */
export const TEXT_CAP_BYTES = 20 * 1024 * 1024;

const TEXT_EXTENSIONS = new Set(['txt', 'md', 'markdown', 'csv', 'json', 'html', 'htm']);

export function isTextLike(name: string, mimeType: string | null | undefined): boolean {
  const ext = extensionOf(name);
  if (ext && TEXT_EXTENSIONS.has(ext)) return true;
  const mime = (mimeType ?? '').toLowerCase().split(';')[0]!.trim();
  return mime.startsWith('text/') || mime === 'application/json';
}

function isHtml(name: string, mimeType: string | null | undefined): boolean {
  const ext = extensionOf(name);
  return ext === 'html' || ext === 'htm' || (mimeType ?? '').toLowerCase().startsWith('text/html');
}

/** Reads at most TEXT_CAP_BYTES of `filePath` and returns its text, or null when not text-like. */
export async function extractText(
  filePath: string,
  name: string,
  mimeType: string | null | undefined,
): Promise<string | null> {
  if (!isTextLike(name, mimeType)) return null;
  const fh = await open(filePath, 'r');
  try {
    const { size } = await fh.stat();
    const buf = Buffer.alloc(Math.min(size, TEXT_CAP_BYTES));
    let read = 0;
    while (read < buf.length) {
      const { bytesRead } = await fh.read(buf, read, buf.length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    // TextDecoder drops a UTF-8 BOM and replaces invalid bytes instead of throwing.
    const raw = new TextDecoder('utf-8').decode(buf.subarray(0, read));
    return isHtml(name, mimeType) ? htmlToText(raw) : raw;
  } finally {
    await fh.close();
  }
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/**
 * Removes comments and script/style/noscript/template elements with their
 * content. A scan, not one lazy regex: an unclosed "<script" or "<!--" drops
 * the rest (as a browser would) instead of rescanning to the end at every
 * occurrence, so hostile input stays linear.
 */
function dropHidden(html: string): string {
  const opener = /<!--|<(script|style|noscript|template)\b/gi;
  let out = '';
  let pos = 0;
  for (let m = opener.exec(html); m; m = opener.exec(html)) {
    out += html.slice(pos, m.index) + ' ';
    const closer = m[1] ? new RegExp(`</${m[1]}\\s*>`, 'gi') : /-->/g;
    closer.lastIndex = m.index + m[0].length;
    const c = closer.exec(html);
    if (!c) return out;
    pos = opener.lastIndex = c.index + c[0].length;
  }
  return out + html.slice(pos);
}

/** Tags, scripts, styles and comments out; block ends become line breaks; minimal entities decoded. */
export function htmlToText(html: string): string {
  const text = dropHidden(html)
    .replace(/<(br|hr)\b[^<>]*>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr|table|section|article|header|footer|pre|blockquote|title)\s*>/gi, '\n')
    // [^<>]: a stray "<" ends the scan at the next "<", keeping this linear.
    .replace(/<[^<>]*>/g, ' ');
  return decodeEntities(text)
    .replace(/[ \t\f\v\r]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
