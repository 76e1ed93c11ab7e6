/**
 * Text extraction: the text `lib file text` prints and FTS5 indexes. Text-like
 * files are read up to TEXT_CAP_BYTES; PDF (pdf.js) and DOCX (mammoth) up to
 * DOCUMENT_CAP_BYTES, larger ones keep their bytes and get no text. What was
 * cut or could not be read is said in a note kept with the file, never silently.
 */
import { open } from 'node:fs/promises';
import { extensionOf } from '../mime.js';

/** Text beyond this many bytes is not extracted (the blob itself keeps everything). */
export const TEXT_CAP_BYTES = 20 * 1024 * 1024;
/** PDF and DOCX files larger than this are stored but not parsed for text (parsing holds them in memory). */
export const DOCUMENT_CAP_BYTES = 64 * 1024 * 1024;

const MIB = 1024 * 1024;
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

function kindOf(name: string, mimeType: string | null | undefined): 'text' | 'pdf' | 'docx' | null {
  const ext = extensionOf(name);
  const mime = (mimeType ?? '').toLowerCase().split(';')[0]!.trim();
  if (ext === 'pdf' || mime === 'application/pdf') return 'pdf';
  if (ext === 'docx' || mime === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    return 'docx';
  return isTextLike(name, mimeType) ? 'text' : null;
}

export interface Extracted {
  /** null: this kind of file has no text here. */
  text: string | null;
  /** PDF pages, when known. */
  pages: number | null;
  /** Why the text is cut or missing, in a user's words; null when it is whole. */
  note: string | null;
}

const mib = (bytes: number) => `${(bytes / MIB).toFixed(bytes < 10 * MIB ? 1 : 0)} MiB`;

/**
 * The text of `filePath` as far as lib can read it, with a note when that is not all of it.
 * `bytes`, when the caller has the whole content in memory already, is read instead of the file.
 */
export async function extractText(
  filePath: string,
  name: string,
  mimeType: string | null | undefined,
  bytes?: Buffer,
): Promise<Extracted> {
  const kind = kindOf(name, mimeType);
  if (kind === null) return { text: null, pages: null, note: 'no text is extracted from this type of file' };
  const cap = kind === 'text' ? TEXT_CAP_BYTES : DOCUMENT_CAP_BYTES;
  const fh = bytes ? undefined : await open(filePath, 'r');
  let size: number;
  let buf: Buffer;
  try {
    size = bytes ? bytes.length : (await fh!.stat()).size;
    if (kind !== 'text' && size > cap) {
      return { text: null, pages: null, note: `no text: the file is ${mib(size)}, over the ${mib(cap)} lib parses` };
    }
    if (bytes) {
      // pdf.js may take over the memory it is given: a parser gets its own copy, never the caller's.
      buf = kind === 'text' ? bytes.subarray(0, Math.min(size, cap)) : Buffer.from(bytes);
    } else {
      buf = Buffer.alloc(Math.min(size, cap));
      let read = 0;
      while (read < buf.length) {
        const { bytesRead } = await fh!.read(buf, read, buf.length - read, read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      buf = buf.subarray(0, read);
    }
  } finally {
    await fh?.close();
  }
  if (kind === 'text') {
    // TextDecoder drops a UTF-8 BOM and replaces invalid bytes instead of throwing.
    const raw = new TextDecoder('utf-8').decode(buf);
    const text = isHtml(name, mimeType) ? htmlToText(raw) : raw;
    const note =
      size > TEXT_CAP_BYTES
        ? `text cut at the first ${mib(TEXT_CAP_BYTES)}; the file has ${size.toLocaleString('en-US')} bytes`
        : null;
    return { text, pages: null, note };
  }
  try {
    return kind === 'pdf' ? await pdfText(buf) : await docxText(buf);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { text: null, pages: null, note: `no text: the ${kind.toUpperCase()} could not be read (${why})` };
  }
}

/**
 * Readers find a PDF by its "%PDF-" header within the first 1024 bytes. A file
 * without one is not read further: pdf.js would first try to rebuild a PDF from
 * every byte (0.25 s a MiB here), and find nothing.
 */
const PDF_HEADER_WITHIN = 1024;

async function pdfText(data: Buffer): Promise<Extracted> {
  if (!data.subarray(0, PDF_HEADER_WITHIN).includes('%PDF-')) {
    throw new Error(`no %PDF- header in its first ${PDF_HEADER_WITHIN} bytes`);
  }
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push(
        content.items
          .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
          .join('')
          .trim(),
      );
      page.cleanup();
    }
    const text = pages.join('\n\n').trim();
    const note = text === '' ? 'no text found in this PDF (scanned pages need OCR, which lib does not do)' : null;
    return { text, pages: doc.numPages, note };
  } finally {
    await doc.destroy();
  }
}

async function docxText(data: Buffer): Promise<Extracted> {
  const { default: mammoth } = await import('mammoth');
  const { value } = await mammoth.extractRawText({ buffer: data });
  const text = value.replace(/\n{3,}/g, '\n\n').trim();
  return { text, pages: null, note: text === '' ? 'no text found in this DOCX' : null };
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
