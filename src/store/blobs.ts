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
  chmodSync,
  createReadStream,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  type ReadStream,
} from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FailedError } from '../errors.js';

export interface TempBlob {
  tmpPath: string;
  hash: string;
  size: number;
  /** The content itself, when it is small (see INLINE_BLOB_BYTES). */
  bytes?: Buffer;
}

/** Content up to this size is also kept in memory while it is put (most documents are this small). */
export const INLINE_BLOB_BYTES = 1024 * 1024;

async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  let written = 0;
  while (written < buf.length) written += (await fh.write(buf, written, buf.length - written)).bytesWritten;
}

const HASH = /^[0-9a-f]{64}$/;
/**
 * A temp file of a writer on another host (a shared data dir), whose liveness
 * cannot be checked, is a leftover once it is this old.
 */
const STALE_TMP_MS = 24 * 60 * 60 * 1000;

/**
 * Temp file names say who writes them and, once the content is hashed, which
 * blob they become: `<host>~<pid>~<uuid>.tmp`, then `<host>~<pid>~<uuid>~<sha256>.tmp`.
 * A sweeper can then tell a dead writer's leftovers (pid gone) from a live
 * writer's file however slow it is, and knows which blob a writer killed
 * between linking it into place and committing its row may have left behind.
 */
const TMP_NAME = /^(.+)~(\d+)~([0-9a-f-]{36})(?:~([0-9a-f]{64}))?\.tmp$/;
const HOST = hostname().replace(/[^A-Za-z0-9.-]/g, '_');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, but not ours to signal
  }
}

/** What a sweep found of one dead writer: its temp file, and the blob it may have placed. */
export interface Leftover {
  tmpPath: string;
  hash?: string;
}

export class BlobStore {
  readonly blobsDir: string;
  readonly tmpDir: string;

  constructor(dataDir: string) {
    this.blobsDir = join(dataDir, 'blobs');
    this.tmpDir = join(dataDir, 'tmp');
    for (const dir of [this.blobsDir, this.tmpDir]) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700); // whatever the umask or an older lib left
    }
  }

  pathFor(hash: string): string {
    if (!HASH.test(hash)) throw new FailedError(`invalid blob hash "${hash}"`);
    return join(this.blobsDir, hash.slice(0, 2), hash);
  }

  has(hash: string): boolean {
    return existsSync(this.pathFor(hash));
  }

  /**
   * Streams `content` to a temp file, hashing it; the caller must promote() or discard() it.
   * Content of up to INLINE_BLOB_BYTES is gathered first and written at once, and comes back
   * as `bytes`, so the text can be extracted without reading the file again.
   */
  async writeTemp(content: AsyncIterable<Uint8Array> | Uint8Array, signal?: AbortSignal): Promise<TempBlob> {
    const tmpPath = join(this.tmpDir, `${HOST}~${process.pid}~${randomUUID()}.tmp`);
    const hash = createHash('sha256');
    let size = 0;
    const gathered: Buffer[] = [];
    let fh: FileHandle | undefined;
    let bytes: Buffer | undefined;
    try {
      const chunks = content instanceof Uint8Array ? [content] : content;
      for await (const chunk of chunks) {
        signal?.throwIfAborted();
        const buf =
          typeof chunk === 'string'
            ? Buffer.from(chunk)
            : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        hash.update(buf);
        size += buf.length;
        if (!fh && size <= INLINE_BLOB_BYTES) {
          // Kept, not copied: a stream hands over the chunks it yields.
          gathered.push(buf);
          continue;
        }
        fh ??= await open(tmpPath, 'wx', 0o600);
        for (const earlier of gathered.splice(0)) await writeAll(fh, earlier);
        await writeAll(fh, buf);
      }
      signal?.throwIfAborted();
      if (!fh) {
        bytes = gathered.length === 1 ? gathered[0]! : Buffer.concat(gathered, size);
        fh = await open(tmpPath, 'wx', 0o600);
        await writeAll(fh, bytes);
      }
      await fh.sync();
    } catch (err) {
      await fh?.close().catch(() => {});
      this.discard(tmpPath);
      throw err;
    }
    await fh.close();
    const digest = hash.digest('hex');
    // The name now says which blob this becomes (see TMP_NAME).
    const named = tmpPath.replace(/\.tmp$/, `~${digest}.tmp`);
    try {
      renameSync(tmpPath, named);
    } catch (err) {
      this.discard(tmpPath);
      throw err;
    }
    return { tmpPath: named, hash: digest, size, ...(bytes && { bytes }) };
  }

  /**
   * Links the temp file into place; call inside the write transaction, and
   * discard() the temp file once it committed or failed. Until then the temp
   * name records the blob, so a writer killed before its commit leaves a trail
   * that sweep() follows instead of an orphan nothing points at.
   */
  promote(blob: TempBlob): void {
    const dest = this.pathFor(blob.hash);
    if (existsSync(dest)) return;
    const link = () => {
      try {
        linkSync(blob.tmpPath, dest);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') return; // another writer placed it first
        if (code !== 'ENOENT' || !existsSync(blob.tmpPath)) throw err;
        // The prefix folder is not there yet (the temp file is): make it, then link.
        mkdirSync(join(this.blobsDir, blob.hash.slice(0, 2)), { recursive: true, mode: 0o700 });
        linkSync(blob.tmpPath, dest);
      }
    };
    link();
  }

  /** Removes a temp file if it is still there. */
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

  /**
   * The temp files of writers that are gone: a process of this host that no
   * longer runs, or (where liveness cannot be checked) a file untouched for a
   * day. Live writers' files are never listed, however old.
   */
  leftovers(now: number): Leftover[] {
    const found: Leftover[] = [];
    let names: string[];
    try {
      names = readdirSync(this.tmpDir);
    } catch {
      return found;
    }
    for (const name of names) {
      const m = TMP_NAME.exec(name);
      const ours = m !== null && m[1] === HOST;
      const pid = ours ? Number(m[2]) : 0;
      // This process's own temp files are uploads in flight, never leftovers (and need no stat).
      if (ours && pid === process.pid) continue;
      const tmpPath = join(this.tmpDir, name);
      let old: boolean;
      try {
        old = now - statSync(tmpPath).mtimeMs > STALE_TMP_MS;
      } catch {
        continue; // gone already: another process swept it
      }
      // A pid reused by some other program would keep a leftover forever: age ends that too.
      const dead = ours ? !alive(pid) || old : old;
      if (dead) found.push({ tmpPath, hash: m?.[4] });
    }
    return found;
  }
}
