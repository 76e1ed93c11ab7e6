/**
 * The decision of `file sync`, as a pure function of what is on disk, what
 * the library lists and what the state file remembers, so it can be printed
 * (--dry-run) before anything changes and tested without a server.
 *
 * Per local file: new (upload), changed (replace), unchanged (skip), moved
 * (its content sits in the library under a name no local file has any more:
 * renamed in place where the provider renames files and the folder is the
 * same, else uploaded and the old one deleted with --delete). Per remote file
 * in scope that no local file claims: deleted with --delete, else kept.
 */
import type { FileDoc } from '../../model.js';
import type { StateEntry } from './sync-state.js';

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
  actions: Action[];
  unchanged: { local: LocalFile; remote: RemoteFile }[];
  /** Remote files no local file claims, left alone without --delete. */
  kept: RemoteFile[];
}

export interface PlanInput {
  locals: LocalFile[];
  remotes: RemoteFile[];
  state: Map<string, StateEntry>;
  /** The registry's contentHash: the remote's hash can be compared with a local sha256. */
  contentHash: boolean;
  rename: boolean;
  delete: boolean;
}

export function plan(input: PlanInput): Plan {
  const byKey = new Map<string, RemoteFile[]>();
  for (const r of input.remotes) {
    const list = byKey.get(r.key);
    if (list) list.push(r);
    else byKey.set(r.key, [r]);
  }
  const stateById = new Map<string, StateEntry>();
  for (const e of input.state.values()) if (e.remoteId) stateById.set(e.remoteId, e);

  /** The content hash of a remote file, where it can be known: its own, else what we recorded uploading it. */
  const remoteSha = (r: RemoteFile): string | null => {
    if (input.contentHash && r.file.hash) return r.file.hash.toLowerCase();
    const e = stateById.get(r.file.id);
    // Our record holds while the remote file is the one we put there: same id and size. (Its
    // updatedAt is not compared: processing moves it on some APIs without changing the content.)
    return e && (r.file.size === null || r.file.size === e.size) ? e.sha256 : null;
  };

  const actions: Action[] = [];
  const unchanged: Plan['unchanged'] = [];
  const claimed = new Set<RemoteFile>();
  const fresh: LocalFile[] = [];
  for (const local of input.locals) {
    const at = byKey.get(local.key);
    if (!at) {
      fresh.push(local);
      continue;
    }
    // Several remote files under one key (duplicates an API let in): the one with this content,
    // else the newest, is this file's; the others are extra.
    const same = at.find((r) => remoteSha(r) === local.sha256);
    const remote = same ?? [...at].sort((a, b) => (b.file.updatedAt ?? '').localeCompare(a.file.updatedAt ?? ''))[0]!;
    claimed.add(remote);
    // One local file, one library file: the others under its key go (a replace killed between
    // its upload and its delete leaves one; so can an API that lets duplicate names in).
    for (const extra of at) {
      if (extra === remote) continue;
      claimed.add(extra);
      actions.push({ kind: 'delete', remote: extra, duplicate: true });
    }
    if (same) unchanged.push({ local, remote });
    else actions.push({ kind: 'replace', local, remote });
  }

  // Moves: a new local file whose content is in a remote file no local file claims.
  const unclaimed = input.remotes.filter((r) => !claimed.has(r));
  const localKeys = new Set(input.locals.map((l) => l.key));
  const candidates = new Map<string, RemoteFile[]>();
  for (const r of unclaimed) {
    if (localKeys.has(r.key)) continue; // a duplicate beside a claimed file: extra, not a move source
    const sha = remoteSha(r);
    if (!sha) continue;
    const list = candidates.get(sha);
    if (list) list.push(r);
    else candidates.set(sha, [r]);
  }
  for (const local of fresh) {
    const list = candidates.get(local.sha256);
    // Prefer the source in the same folder (a rename), then the first.
    const idx = list
      ? Math.max(
          0,
          list.findIndex((r) => r.path === local.path),
        )
      : -1;
    const source = list && list.length > 0 ? list[idx]! : undefined;
    if (source && input.rename && source.path === local.path) {
      list!.splice(idx, 1);
      claimed.add(source);
      actions.push({ kind: 'rename', local, remote: source });
    } else if (source && input.delete) {
      list!.splice(idx, 1);
      claimed.add(source);
      actions.push({ kind: 'move', local, remote: source });
    } else actions.push({ kind: 'upload', local });
  }

  const kept: RemoteFile[] = [];
  for (const r of input.remotes) {
    if (claimed.has(r)) continue;
    if (input.delete) actions.push({ kind: 'delete', remote: r });
    else kept.push(r);
  }
  return { actions, unchanged, kept };
}

/** How many remote files a plan deletes (deletes, and the old halves of moves). */
export function deletions(p: Plan): number {
  return p.actions.filter((a) => a.kind === 'delete' || a.kind === 'move').length;
}
