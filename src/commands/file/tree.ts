/**
 * Walking a local directory for `file upload --recursive` and `file sync`:
 * depth-first, sorted, regular files only, each with its size and mtime (the
 * bar's byte total, sync's quick check). A subdirectory that cannot be read is
 * one failed item, not the end of the run; a broken link or a link loop is
 * skipped with a note. Symbolic links are followed or not (`followLinks`):
 * upload follows them as `aws s3 sync` does; sync does not unless told
 * (--follow-links), as `rsync -a` does not (a library cannot hold a link).
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../errors.js';

export interface TreeEntry {
  /** The path as a user would type it (root joined with rel), for messages. */
  display: string;
  /** On disk. */
  filePath: string;
  /** Relative to the root, '/'-separated ("a/b/x.md"). */
  rel: string;
  /** The file name (last segment of rel). */
  name: string;
  /** The subdirectory it was found in, relative to the root ('a/b'), '' at the root. */
  folder: string;
  size: number;
  mtimeMs: number;
  /** Why it cannot be read (an unreadable subdirectory): a failed item; the rest still go. */
  failure?: UsageError;
  /** Left out on purpose (a link, a broken link, a loop): one note on stderr, not a failure. */
  skipped?: string;
}

export interface WalkOptions {
  followLinks: boolean;
  /** Whether to go into a directory / take a file, by its '/'-separated path relative to the root. */
  keep?: (rel: string, isDir: boolean) => boolean;
}

/** Every regular file under `root` (the root itself must be a readable directory: else a UsageError). */
export async function walkTree(root: string, opts: WalkOptions): Promise<TreeEntry[]> {
  const found: TreeEntry[] = [];
  await walkEach(root, opts, (e) => found.push(e));
  return found;
}

/** The same walk, each entry handed to `onEntry` as it is found (nothing kept: sync's trees can be big). */
export async function walkEach(root: string, opts: WalkOptions, onEntry: (e: TreeEntry) => void): Promise<void> {
  try {
    await walk(root, '', onEntry, opts, new Set());
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${root}: ${code === 'EACCES' ? 'permission denied' : (err as Error).message}`);
  }
}

function note(root: string, rel: string, skipped: string): TreeEntry {
  const p = path.join(root, rel);
  return { display: p, filePath: p, rel, name: path.basename(rel), folder: '', size: 0, mtimeMs: 0, skipped };
}

async function walk(root: string, rel: string, emit: (e: TreeEntry) => void, opts: WalkOptions, seen: Set<string>) {
  const dir = path.join(root, rel);
  if (opts.followLinks) {
    // A directory already on the way down (a link back up) is a loop, skipped with a note.
    try {
      const real = await fs.promises.realpath(dir);
      if (seen.has(real)) {
        emit({
          ...note(root, rel, 'a symbolic link back up the tree (a loop), not followed'),
          display: dir + path.sep,
        });
        return;
      }
      seen = new Set(seen).add(real);
    } catch {
      // realpath failed: readdir below says why
    }
  }
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (!rel) throw err; // the directory given itself: nothing to walk
    const reason = (err as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (err as Error).message;
    emit({
      ...note(root, rel, ''),
      skipped: undefined,
      display: dir + path.sep,
      failure: new UsageError(`cannot read this directory: ${reason}`),
    });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // stat follows links: a link's target decides what it is. Synchronous on purpose: a walk
  // of 10,000 files is 10,000 stats, and the thread pool's round trips cost more than the calls.
  const statOf = (p: string): fs.Stats | undefined => {
    try {
      return fs.statSync(p, { throwIfNoEntry: false });
    } catch {
      return undefined;
    }
  };
  interface Item {
    relPath: string;
    entry: fs.Dirent;
    link?: 'followed' | 'unfollowed';
  }
  const items = entries.flatMap((entry): Item[] => {
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isSymbolicLink() && !opts.followLinks) return [{ relPath, entry, link: 'unfollowed' }];
    if (!entry.isDirectory() && !entry.isFile() && !entry.isSymbolicLink()) return []; // sockets, fifos, devices
    if (entry.isDirectory() && opts.keep && !opts.keep(relPath, true)) return [];
    return [{ relPath, entry, link: entry.isSymbolicLink() ? 'followed' : undefined }];
  });
  for (const { relPath, entry, link } of items) {
    if (link === 'unfollowed') {
      emit(note(root, relPath, 'a symbolic link, not followed (--follow-links follows them)'));
      continue;
    }
    if (entry.isDirectory()) {
      await walk(root, relPath, emit, opts, seen);
      continue;
    }
    const full = path.join(root, relPath);
    // A plain file the rules leave out is not even stat'ed.
    if (!link && opts.keep && !opts.keep(relPath, false)) continue;
    const st = statOf(full);
    if (!st) {
      if (link) emit(note(root, relPath, 'a symbolic link to nothing'));
      continue; // gone since readdir
    }
    if (st.isDirectory()) {
      if (!opts.keep || opts.keep(relPath, true)) await walk(root, relPath, emit, opts, seen);
    } else if (st.isFile() && (!opts.keep || opts.keep(relPath, false))) {
      emit({
        display: full,
        filePath: full,
        rel: relPath,
        name: entry.name,
        folder: rel,
        size: st.size,
        mtimeMs: Math.trunc(st.mtimeMs),
      });
    }
  }
}
