/**
 * Cloud drives, backed by directories. `lib serve --drive-root DIR` stands in
 * for Google Drive, OneDrive, SharePoint and Dropbox: a cloud library whose
 * `data.folderId` is `eng` syncs from DIR/eng. A sync brings in new and
 * changed files (by content hash, keeping subfolders as paths), removes the
 * files that vanished from the folder, and sets the library's syncedAt.
 *
 * The folder is read, never written. Symbolic links are not followed and
 * names the store refuses (see store/names.ts) are skipped, so nothing in the
 * folder can reach outside it.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync, type Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { checkFileName, type LibraryRow } from '../../store/index.js';
import type { Env } from '../context.js';
import { driverOf } from './drivers.js';

export type FolderState =
  | { kind: 'local' }
  | { kind: 'unbacked'; reason: string }
  | { kind: 'missing'; reason: string }
  | { kind: 'ready'; dir: string };

/** A folder id names a directory under the drive root: relative, no `..`, no NUL. */
export function validFolderId(id: unknown): id is string {
  if (typeof id !== 'string' || id.trim() === '' || id.includes('\0') || isAbsolute(id)) return false;
  return !id.split(/[\\/]/).includes('..');
}

export function folderState(env: Env, lib: LibraryRow): FolderState {
  if (driverOf(lib.type).isLocal) return { kind: 'local' };
  if (!env.driveRoot) return { kind: 'unbacked', reason: 'lib serve was started without --drive-root' };
  const folderId = lib.data?.folderId;
  if (!validFolderId(folderId)) return { kind: 'unbacked', reason: 'the library has no valid data.folderId' };
  const root = resolve(env.driveRoot);
  const dir = resolve(root, folderId);
  if (dir !== root && !dir.startsWith(root + sep))
    return { kind: 'unbacked', reason: 'data.folderId leaves the drive' };
  try {
    if (statSync(dir).isDirectory()) return { kind: 'ready', dir };
  } catch {
    // missing
  }
  return { kind: 'missing', reason: `the drive folder ${folderId} does not exist` };
}

export interface DriveFile {
  /** The store's path form: '' at the root, else "a/b/". */
  path: string;
  name: string;
  abs: string;
}

/** Every regular file under `dir`, depth first, in name order; symlinks and refused names skipped. */
export async function walk(dir: string): Promise<{ files: DriveFile[]; skipped: string[] }> {
  const files: DriveFile[] = [];
  const skipped: string[] = [];
  const visit = async (abs: string): Promise<void> => {
    const entries: Dirent[] = await readdir(abs, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(abs, entry.name);
      if (entry.isDirectory()) await visit(full);
      else if (entry.isFile()) {
        const rel = relative(dir, abs).split(sep).filter(Boolean);
        try {
          files.push({ path: rel.length ? `${rel.join('/')}/` : '', name: checkFileName(entry.name), abs: full });
        } catch {
          skipped.push(relative(dir, full));
        }
      }
    }
  };
  await visit(dir);
  return { files, skipped };
}

export function sha256Of(path: string): Promise<string> {
  return new Promise((ok, fail) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => hash.update(c))
      .on('end', () => ok(hash.digest('hex')))
      .on('error', fail);
  });
}

export interface SyncCounts {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  skipped: number;
}

/** One sync of `lib` from the folder in `dir`. */
export async function syncFromFolder(env: Env, lib: LibraryRow, dir: string): Promise<SyncCounts> {
  const { store } = env;
  const counts: SyncCounts = { added: 0, updated: 0, removed: 0, unchanged: 0, skipped: 0 };
  const { files, skipped } = await walk(dir);
  counts.skipped = skipped.length;
  const existing = new Map(store.listFiles(lib.id).map((f) => [`${f.path}\0${f.name}`, f]));
  const seen = new Set<string>();
  for (const file of files) {
    const key = `${file.path}\0${file.name}`;
    seen.add(key);
    const before = existing.get(key);
    let hash: string;
    try {
      hash = await sha256Of(file.abs);
    } catch {
      counts.skipped++; // vanished or unreadable since the walk
      continue;
    }
    if (before && before.hash === hash) {
      counts.unchanged++;
      continue;
    }
    await store.putFile({
      libraryId: lib.id,
      name: file.name,
      path: file.path,
      content: createReadStream(file.abs),
      overwrite: true,
      processingMs: env.processingMs,
    });
    if (before) counts.updated++;
    else counts.added++;
  }
  const gone = [...existing.entries()].filter(([key]) => !seen.has(key)).map(([, f]) => f.id);
  if (gone.length) counts.removed = store.deleteFiles(gone, lib.id).length;
  return counts;
}
