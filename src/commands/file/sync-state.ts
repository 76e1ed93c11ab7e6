/**
 * What `file sync` remembers between runs, one small JSON file per profile,
 * base URL and library under the data dir (`sync/<hash>.json`):
 *
 *   remote key ("path/name") -> local file, size, mtime, sha256, remote id,
 *   remote version (its updatedAt)
 *
 * Two uses. The quick check, as rsync's: a local file whose size and mtime
 * are unchanged is not read again, its sha256 comes from here (what keeps a
 * no-op sync of 10,000 files under a second or two). And, where the provider
 * reports no content hash (ai21), change detection: the remote file is the
 * one we uploaded (same id and size) and the local file did not change.
 *
 * Written atomically (a temporary file renamed over the old one), during the
 * run and at its end; a run killed between two writes leaves an older state,
 * and sync never trusts the state over what the remote lists (a remote file
 * the state does not know is replaced, never duplicated), so the next run
 * converges. A corrupt or foreign file is ignored: the cost is re-hashing.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface StateEntry {
  /** The local file's absolute path when it was recorded. */
  local: string;
  size: number;
  mtimeMs: number;
  sha256: string;
  remoteId: string | null;
  /** The remote's own version field (updatedAt), kept for reference. */
  remoteVersion: string | null;
}

type Row = [string, number, number, string, string | null, string | null];

export interface StateKey {
  profile: string;
  baseUrl: string | null;
  provider: string;
  libraryId: string;
}

export class SyncState {
  readonly entries = new Map<string, StateEntry>();
  private dirty = false;
  private lastWrite = 0;

  private constructor(
    readonly file: string,
    private readonly key: StateKey,
  ) {}

  static fileFor(dataDir: string, key: StateKey): string {
    const id = createHash('sha256')
      .update([key.profile, key.baseUrl ?? '', key.provider, key.libraryId].join('\0'))
      .digest('hex')
      .slice(0, 32);
    return path.join(dataDir, 'sync', `${id}.json`);
  }

  static load(dataDir: string, key: StateKey): SyncState {
    const state = new SyncState(SyncState.fileFor(dataDir, key), key);
    try {
      const data = JSON.parse(fs.readFileSync(state.file, 'utf8')) as {
        version?: number;
        libraryId?: string;
        files?: Record<string, Row>;
      };
      if (data.version === 1 && data.libraryId === key.libraryId && data.files) {
        for (const [k, r] of Object.entries(data.files)) {
          if (Array.isArray(r) && r.length === 6)
            state.entries.set(k, {
              local: r[0],
              size: r[1],
              mtimeMs: r[2],
              sha256: r[3],
              remoteId: r[4],
              remoteVersion: r[5],
            });
        }
      }
    } catch {
      // none yet, or unreadable: start empty
    }
    return state;
  }

  set(key: string, entry: StateEntry): void {
    this.entries.set(key, entry);
    this.dirty = true;
  }

  delete(key: string): void {
    if (this.entries.delete(key)) this.dirty = true;
  }

  /** Write if something changed and `everyMs` passed since the last write (0: now). */
  save(everyMs = 0, now = Date.now()): void {
    if (!this.dirty || now - this.lastWrite < everyMs) return;
    const files: Record<string, Row> = {};
    for (const [k, e] of this.entries) files[k] = [e.local, e.size, e.mtimeMs, e.sha256, e.remoteId, e.remoteVersion];
    const body = JSON.stringify({
      version: 1,
      provider: this.key.provider,
      baseUrl: this.key.baseUrl,
      profile: this.key.profile,
      libraryId: this.key.libraryId,
      files,
    });
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, body, { mode: 0o600 });
    fs.renameSync(tmp, this.file);
    this.dirty = false;
    this.lastWrite = now;
  }
}
