/**
 * The decision of `file sync`, from what is on disk, what the library lists
 * and what the state remembers, made before anything changes, so it can be
 * printed (--dry-run) and tested without a server.
 *
 * Computed by SyncDb.plan (sync-db.ts) with joins over the walk, the listing
 * and the state, so that it needs no memory per file.
 *
 * Per local file: new (upload), changed (replace), unchanged (skip), moved
 * (its content sits in the library under a name no local file has any more:
 * renamed in place where the provider renames files and the folder is the
 * same, else uploaded and the old one deleted with --delete). Per remote file
 * in scope that no local file claims: deleted with --delete, else kept.
 */
import type { FileDoc } from '../../model.js';

export interface LocalFile {
  /** Relative to the synced directory, '/'-separated. */
  rel: string;
  filePath: string;
  /** The remote key: path + name ("reports/2024/q1.pdf"), the name alone without paths. */
  key: string;
  /** The remote folder it goes in ("reports/2024/" or ''). */
  path: string;
  name: string;
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** What the plan reads of a library file (sync keeps only this of a listing, to stay small). */
export type RemoteDoc = Pick<FileDoc, 'id' | 'name' | 'hash' | 'size' | 'updatedAt'>;

export interface RemoteFile {
  key: string;
  /** The remote folder ("a/b/" or ''). */
  path: string;
  file: RemoteDoc;
}

export type Action =
  | { kind: 'upload'; local: LocalFile }
  | { kind: 'replace'; local: LocalFile; remote: RemoteFile }
  | { kind: 'rename'; local: LocalFile; remote: RemoteFile }
  | { kind: 'move'; local: LocalFile; remote: RemoteFile }
  /** `duplicate`: a second library file under a local file's key (a leftover), removed without --delete. */
  | { kind: 'delete'; remote: RemoteFile; duplicate?: boolean };

export interface Plan {
  /** In order: replaces and duplicates' deletes, then renames, moves and uploads, then deletes. */
  actions: Action[];
  /** Local files whose library file has their content. */
  unchanged: number;
  /** Remote files no local file claims, left alone without --delete. */
  kept: number;
  /** Remote files in scope (under --path, not excluded). */
  remotes: number;
}

/** How many remote files a plan deletes (deletes, and the old halves of moves). */
export function deletions(p: Plan): number {
  return p.actions.filter((a) => a.kind === 'delete' || a.kind === 'move').length;
}
