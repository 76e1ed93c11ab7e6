import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { UsageError } from '../errors.js';
// One MIME table for the whole project (store, serve, uploads); it imports nothing else from the store.
import { mimeTypeFor } from '../mime.js';

/** A multipart/form-data body, ready to send: its content type (with the boundary) and exact length. */
export interface MultipartBody {
  contentType: string;
  length: number;
  body: Uint8Array | Readable;
}

/**
 * Files up to this size are read whole and sent as one buffer; larger ones are
 * streamed from disk, so memory stays flat whatever the file's size. Most
 * library documents are small, and a buffer skips the Blob and web-stream
 * machinery a FormData body costs per file (bulk uploads spend their CPU there).
 */
export const INLINE_FILE_BYTES = 1024 * 1024;
const STREAM_CHUNK_BYTES = 256 * 1024;

/**
 * A multipart form holding one file from disk, after the text `fields` given
 * (in order; a field may repeat), encoded as browsers and undici's FormData
 * encode it (WHATWG): names and file names with `"`, CR and LF percent-escaped,
 * field values' line breaks as CRLF. Returns a factory, not a body: a retried
 * upload needs a fresh one, and each reads the file again.
 */
export function fileForm(
  field: string,
  filePath: string,
  fileName: string,
  type: string = mimeTypeFor(fileName),
  fields: readonly [string, string][] = [],
): () => Promise<MultipartBody> {
  return async () => {
    const boundary = `----lib${randomBytes(12).toString('hex')}`;
    let head = '';
    for (const [name, value] of fields)
      head += `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(name)}"\r\n\r\n${crlf(value)}\r\n`;
    head +=
      `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(field)}"; filename="${escapeName(fileName)}"\r\n` +
      `Content-Type: ${type}\r\n\r\n`;
    const headBytes = Buffer.from(head, 'utf8');
    const tailBytes = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
    const contentType = `multipart/form-data; boundary=${boundary}`;

    // One open for the size and, for a small file, its bytes; a large one is opened again when sent.
    const file = await open(filePath, 'r').catch((err: unknown) => {
      throw unreadable(filePath, err);
    });
    let size: number;
    let content: Buffer | undefined;
    try {
      size = (await file.stat()).size;
      if (size <= INLINE_FILE_BYTES) {
        content = Buffer.allocUnsafe(headBytes.length + size + tailBytes.length);
        headBytes.copy(content, 0);
        for (let read = 0; read < size;) {
          const { bytesRead } = await file.read(content, headBytes.length + read, size - read, read);
          if (bytesRead === 0) throw changed(filePath);
          read += bytesRead;
        }
        tailBytes.copy(content, headBytes.length + size);
      }
    } catch (err) {
      throw err instanceof UsageError ? err : unreadable(filePath, err);
    } finally {
      await file.close().catch(() => {});
    }
    if (content) return { contentType, length: content.length, body: content };
    return {
      contentType,
      length: headBytes.length + size + tailBytes.length,
      body: Readable.from(streamed(filePath, size, headBytes, tailBytes), { objectMode: false }),
    };
  };
}

/**
 * head, then exactly `size` bytes of the file, then tail. The file is opened when the
 * body is first read (a request that fails before sending holds no descriptor) and
 * closed however the stream ends.
 */
async function* streamed(filePath: string, size: number, head: Buffer, tail: Buffer): AsyncGenerator<Uint8Array> {
  yield head;
  const file = await open(filePath, 'r').catch((err: unknown) => {
    throw unreadable(filePath, err);
  });
  try {
    if ((await file.stat()).size !== size) throw changed(filePath);
    let position = 0;
    while (position < size) {
      const chunk = Buffer.allocUnsafe(Math.min(STREAM_CHUNK_BYTES, size - position));
      const { bytesRead } = await file.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) throw changed(filePath);
      position += bytesRead;
      yield bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead);
    }
  } finally {
    await file.close().catch(() => {});
  }
  yield tail;
}

function changed(filePath: string): UsageError {
  return new UsageError(`${filePath} changed while it was being uploaded`);
}

function unreadable(filePath: string, err: unknown): UsageError {
  const code = (err as NodeJS.ErrnoException).code;
  return new UsageError(`cannot read ${filePath}${code ? ` (${code})` : ''}`, { cause: err });
}

/** WHATWG multipart/form-data: `"`, CR and LF in a name or file name are percent-escaped. */
function escapeName(name: string): string {
  return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** WHATWG multipart/form-data: every line break in a field value is sent as CRLF. */
function crlf(value: string): string {
  return value.replace(/\r\n|\r|\n/g, '\r\n');
}
