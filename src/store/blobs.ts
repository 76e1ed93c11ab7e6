/**
 * Content-addressed blobs: dir/blobs/<first 2 hex>/<sha256>. Paths are built
 * from the hash alone (validated as 64 hex digits), never from a name a user
 * or client sent.
 *
 * Writing is two steps so that a concurrent garbage collection cannot delete a
 * blob between "it is on disk" and "a row references it":
 *   1. writeTemp(): stream into dir/tmp (same filesystem), hashing as it goes,
 *      fsync. Slow, done outside any transaction.
 *   2. promote(): rename into place (or drop the temp when the blob exists),
 *      called inside the write transaction that inserts the referencing row.
 *      Collection also runs inside a write transaction, so the two serialize.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  type ReadStream,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { FailedError } from '../errors.js';

export interface TempBlob {
  tmpPath: string;
  hash: string;
  size: number;
}

const HASH = /^[0-9a-f]{64}$/;
/** Temp files older than this are leftovers of a crashed writer. */
const STALE_TMP_MS = 24 * 60 * 60 * 1000;

export class BlobStore {
  readonly blobsDir: string;
  readonly tmpDir: string;

  constructor(dataDir: string) {
    this.blobsDir = join(dataDir, 'blobs');
    this.tmpDir = join(dataDir, 'tmp');
    mkdirSync(this.blobsDir, { recursive: true, mode: 0o700 });
    mkdirSync(this.tmpDir, { recursive: true, mode: 0o700 });
  }

  pathFor(hash: string): string {
    if (!HASH.test(hash)) throw new FailedError(`invalid blob hash "${hash}"`);
    return join(this.blobsDir, hash.slice(0, 2), hash);
  }

  has(hash: string): boolean {
    return existsSync(this.pathFor(hash));
  }

  /** Streams `content` to a temp file, hashing it; the caller must promote() or discard() it. */
  async writeTemp(content: AsyncIterable<Uint8Array> | Uint8Array, signal?: AbortSignal): Promise<TempBlob> {
    const tmpPath = join(this.tmpDir, `${randomUUID()}.tmp`);
    const hash = createHash('sha256');
    let size = 0;
    const fh = await open(tmpPath, 'wx', 0o600);
    try {
      const chunks = content instanceof Uint8Array ? [content] : content;
      for await (const chunk of chunks) {
        signal?.throwIfAborted();
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        hash.update(buf);
        size += buf.length;
        let written = 0;
        while (written < buf.length) {
          const r = await fh.write(buf, written, buf.length - written);
          written += r.bytesWritten;
        }
      }
      signal?.throwIfAborted();
      await fh.sync();
    } catch (err) {
      await fh.close().catch(() => {});
      this.discard(tmpPath);
      throw err;
    }
    await fh.close();
    return { tmpPath, hash: hash.digest('hex'), size };
  }

  /** Moves the temp file into place; call inside the write transaction. */
  promote(blob: TempBlob): void {
    const dest = this.pathFor(blob.hash);
    if (existsSync(dest)) {
      this.discard(blob.tmpPath);
      return;
    }
    mkdirSync(join(this.blobsDir, blob.hash.slice(0, 2)), { recursive: true, mode: 0o700 });
    renameSync(blob.tmpPath, dest);
  }

  /** Removes a temp file if it is still there (no-op after promote). */
  discard(tmpPath: string): void {
    rmSync(tmpPath, { force: true });
  }

  /** Call inside a write transaction, after checking no row references it. */
  remove(hash: string): void {
    rmSync(this.pathFor(hash), { force: true });
  }

  open(hash: string, opts: { signal?: AbortSignal; start?: number; end?: number } = {}): ReadStream {
    return createReadStream(this.pathFor(hash), opts);
  }

  /** Every stored hash (for a full collection sweep). */
  *hashes(): Generator<string> {
    for (const prefix of readdirSync(this.blobsDir)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const name of readdirSync(join(this.blobsDir, prefix))) {
        if (HASH.test(name) && name.startsWith(prefix)) yield name;
      }
    }
  }

  /** Deletes temp files left by writers that died; recent ones may belong to a live writer. */
  sweepTemp(now: number): number {
    let removed = 0;
    for (const name of readdirSync(this.tmpDir)) {
      const p = join(this.tmpDir, name);
      try {
        if (now - statSync(p).mtimeMs > STALE_TMP_MS) {
          rmSync(p, { force: true });
          removed++;
        }
      } catch {
        // Gone already: another process swept it.
      }
    }
    return removed;
  }
}
