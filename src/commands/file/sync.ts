/**
 * `lib file sync DIR --library L`: make the library (or the part under
 * --path) equal to a local directory, as `rsync -a`, `aws s3 sync` and
 * `rclone sync` do for their targets. The decision is sync-plan.ts (printed by
 * --dry-run); this file walks, hashes, lists, checks the safety rules, then
 * carries the plan out: uploads, replaces and renames first, deletions last
 * and only when nothing before them failed.
 *
 * Works on every provider through the Provider interface and the registry's
 * capabilities alone: `paths` (folders, or flattened with a note),
 * `contentHash` (compare hashes, else the state file), `rename` (moves in
 * place). A replace is the provider's overwrite (local and hal replace in
 * place, mistral uploads first then deletes the old); where an API refuses
 * duplicate names and the provider cannot overwrite (a conflict), the old file
 * is deleted, then the new one uploaded, and a failed upload names the file.
 *
 * Unlike `file delete`, `sync --delete` does not ask for confirmation (nor need
 * -y): it is meant for CI, as rsync's --delete is, and its guards are instead
 * --dry-run, --max-delete (by default no more than half the files), and no
 * deletion at all once anything before it failed.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import nodePath from 'node:path';
import type { Command } from 'commander';
import {
  CancelError,
  ConflictError,
  FailedError,
  LibError,
  NotFoundError,
  PartialError,
  UsageError,
} from '../../errors.js';
import type { Factory } from '../../factory.js';
import { type FileDoc, type Library, nfc } from '../../model.js';
import { plainCell, terminalSafe } from '../../output/format.js';
import { write } from '../../output/io.js';
import { progressBar, seconds, spinner } from '../../output/progress.js';
import { REGISTRY } from '../../providers/registry.js';
import { normalizePath } from '../../providers/shared/paths.js';
import type { Provider } from '../../providers/types.js';
import { collect, examples, positiveInt, positiveIntOrZero, quote, requireCapabilities } from '../shared.js';
import { IGNORE_FILE, makeFilter } from './ignore.js';
import { beyondLimits, libraryOption, libraryRef } from './shared.js';
import { type Action, deletions, type LocalFile, type RemoteFile } from './sync-plan.js';
import { SyncDb } from './sync-db.js';
import { type TreeEntry, walkEach } from './tree.js';
import { DEFAULT_CONCURRENCY } from './upload.js';
import { waitFor } from './wait.js';

export interface SyncOptions {
  dir: string;
  library?: string;
  path?: string;
  include?: string[];
  exclude?: string[];
  delete?: boolean;
  dryRun?: boolean;
  maxDelete?: number;
  followLinks?: boolean;
  concurrency?: number;
  wait?: boolean;
  timeout?: number;
  verbose?: boolean;
}

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = libraryOption(
    parent
      .command('sync')
      .description('Make a library (or a path in it) equal to a local directory')
      .argument('<dir>', 'the local directory'),
  )
    .option('--path <prefix>', 'sync into this path (folder) of the library; files outside it are never touched')
    .option('--include <glob>', 'only files matching (repeatable; .gitignore syntax)', collect)
    .option('--exclude <glob>', 'leave out files matching (repeatable; .gitignore syntax)', collect)
    .option('--delete', 'delete library files that are gone locally')
    .option('-n, --dry-run', 'print the plan and change nothing')
    .option(
      '--max-delete <n>',
      'abort before deleting more than N files (default: refuse to delete more than half the files)',
      positiveIntOrZero('--max-delete'),
    )
    .option('-L, --follow-links', 'follow symbolic links (by default they are skipped, as rsync -a does)')
    .option('--concurrency <n>', `uploads at once (default ${DEFAULT_CONCURRENCY})`, positiveInt('--concurrency'))
    .option('--wait', 'wait until the uploaded files are processed')
    .option(
      '--timeout <seconds>',
      'with --wait: give up after this many seconds (default 600)',
      positiveInt('--timeout'),
    )
    .option('-v, --verbose', 'on a terminal, a line per action above the progress bar')
    .action((dir: string, opts: Omit<SyncOptions, 'dir'>) => runF(f, { ...opts, dir }));
  examples(cmd, [
    'lib file sync ./docs --library handbook',
    'lib file sync ./docs --library handbook --delete --dry-run',
    'lib file sync ./docs --library handbook --delete --json | jq .summary',
    "lib file sync ./site --library web --path site --exclude '*.tmp' --include '*.md'",
  ]);
  cmd.addHelpText(
    'after',
    `
Files are compared by content (sha256) where the provider reports a hash, else
through a state file under the data dir; a file whose size and mtime did not
change is not read again. Hidden files are synced; symbolic links are skipped
unless --follow-links; ${IGNORE_FILE} at the top of DIR holds .gitignore rules (it is
not synced itself). Library files outside --path, or excluded by the rules, are
never deleted. Nothing is deleted once an upload failed (exit 6).

Output: a progress bar and a summary on a terminal; in a pipe one line per
action: action, path, name, id (tab-separated); --json the plan and results;
--ndjson one object per action as it happens.`,
  );
}

/** One line of the output: what happened (or would, with --dry-run) to one file. */
export interface SyncRecord {
  action: 'upload' | 'replace' | 'move' | 'delete';
  /** The local path (relative to DIR); for a delete, the library file's path and name. */
  path: string;
  name: string;
  /** The library file's id: the new one after an upload, the deleted one for a delete. */
  id: string | null;
  /** For replace, move and delete: the library file this replaced, moved or deleted. */
  previousId: string | null;
  /** For a move: where the content was ("old/path/name"). */
  from: string | null;
  status: 'planned' | 'done' | 'failed';
  error: string | null;
}

export interface SyncSummary {
  uploaded: number;
  replaced: number;
  moved: number;
  deleted: number;
  unchanged: number;
  /** Library files gone locally, kept because --delete was not given. */
  kept: number;
  failed: number;
  elapsedMs: number;
}

const VERB: Record<SyncRecord['action'], keyof SyncSummary> = {
  upload: 'uploaded',
  replace: 'replaced',
  move: 'moved',
  delete: 'deleted',
};

export async function run(f: Factory, opts: SyncOptions): Promise<void> {
  const started = Date.now();
  requireCapabilities(f, [['paths', 'paths (--path)', opts.path]]);
  if (opts.timeout !== undefined && !opts.wait) throw new UsageError('--timeout goes with --wait');
  if (opts.wait && opts.dryRun) throw new UsageError('--wait cannot be used with --dry-run');
  const stat = await fs.promises.stat(opts.dir).catch(() => undefined);
  if (!stat) throw new UsageError(`${opts.dir}: no such directory`);
  if (!stat.isDirectory())
    throw new UsageError(`${opts.dir} is not a directory`, { hint: 'Use lib file upload for files' });
  await fs.promises
    .opendir(opts.dir)
    .then((d) => d.close())
    .catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${opts.dir}: ${err.code === 'EACCES' ? 'permission denied' : err.message}`);
    });
  const mode = f.output().mode;
  const eff = f.effective();
  const caps = REGISTRY[eff.provider.value].capabilities;
  const prefix = normalizePath(opts.path === undefined ? undefined : nfc(opts.path));
  const ignoreText = await fs.promises.readFile(`${opts.dir}/${IGNORE_FILE}`, 'utf8').catch(() => undefined);
  const filter = makeFilter(ignoreText, opts.include ?? [], opts.exclude ?? []);

  const provider = await f.provider();
  const library = await provider.resolveLibrary(libraryRef(f, opts.library));
  if (library.driver && !library.driver.supportsUpload) {
    throw new UsageError(
      `library ${quote(library.name)} is a ${library.driver.name} library: its files come only from sync, uploads are refused`,
      { hint: `Put the files in the drive folder, then: lib library sync ${library.naturalId ?? library.id} --wait` },
    );
  }
  const hasPaths = provider.hasPaths && caps.paths;
  const limits = REGISTRY[eff.provider.value].uploads;
  // Everything about the files lives in this database (rows, not objects: the memory of a sync
  // does not grow with the tree); it is closed however the run ends.
  const db = SyncDb.open(
    f.paths().dataDir,
    {
      profile: eff.profile.value,
      baseUrl: eff.baseUrl?.value ?? null,
      provider: eff.provider.value,
      libraryId: library.id,
    },
    { readOnly: opts.dryRun },
  );
  try {
    await syncWith(f, opts, {
      db,
      provider,
      library,
      prefix,
      filter,
      hasPaths,
      limits: limits ? (e) => beyondLimits(e, limits, eff.provider.value) : () => undefined,
      mode,
      contentHash: caps.contentHash !== null,
      rename: caps.rename && typeof provider.updateFile === 'function',
      started,
    });
  } finally {
    db.close();
  }
}

interface SyncContext {
  db: SyncDb;
  provider: Provider;
  library: Library;
  prefix: string;
  filter: ReturnType<typeof makeFilter>;
  hasPaths: boolean;
  /** Why the provider would refuse this file (its size or type), if it would. */
  limits: (e: TreeEntry) => string | undefined;
  mode: string;
  contentHash: boolean;
  rename: boolean;
  started: number;
}

async function syncWith(f: Factory, opts: SyncOptions, c: SyncContext): Promise<void> {
  const { db, provider, library, prefix, hasPaths, mode, started } = c;
  const failures: { item: string; error: string }[] = [];
  const fail = (item: string, error: string) => {
    failures.push({ item, error });
    report(`lib: ${terminalSafe(`${item}: ${error}`)}`);
  };
  // Lines on stderr go above the bar once there is one.
  let report = (line: string): void => {
    f.io.err.write(`${line}\n`);
  };

  // The walk, straight into the database; files that failed before the plan (an unreadable
  // folder, over the provider's limits) count in "N of M failed".
  let refused = 0;
  let flattened = false;
  const spin = spinner(f.io, 'Reading the library and the directory');
  try {
    const walking: TreeEntry[] = [];
    const flush = () => {
      db.batch(() => {
        for (const e of walking) {
          const folder = hasPaths ? normalizePath(nfc(prefix + e.folder)) : '';
          const name = nfc(e.name);
          const local: LocalFile = {
            rel: nfc(e.rel),
            filePath: e.filePath,
            key: `${folder}${name}`,
            path: folder,
            name,
            size: e.size,
            mtimeMs: e.mtimeMs,
            sha256: '',
          };
          const other = db.addLocal(local);
          if (other !== undefined)
            fail(e.rel, `${quote(other)} and this file both become ${quote(local.key)} in a library without folders`);
        }
      });
      walking.length = 0;
    };
    await walkEach(opts.dir, { followLinks: Boolean(opts.followLinks), keep: c.filter.keep }, (e) => {
      if (e.skipped) return report(`lib: ${terminalSafe(`${e.display}: ${e.skipped}; skipped`)}`);
      if (e.failure) {
        refused++;
        return fail(e.display, e.failure.message);
      }
      const why = c.limits(e);
      if (why) {
        refused++;
        return fail(e.display, why);
      }
      if (!hasPaths && e.folder !== '') flattened = true;
      walking.push(e);
      if (walking.length >= 128) flush();
    });
    flush();
    if (flattened) {
      report(`lib: the ${provider.name} provider has no folders: files in subdirectories are synced by name`);
    }
    db.quickCheck();
    // The listing and the hashing overlap: one waits on the network, the other on the disk.
    await Promise.all([
      listRemote(provider, library.id, prefix, hasPaths, c.filter, db),
      hashLocals(db, fail, f.signal),
    ]);
  } finally {
    spin.stop();
  }
  if (f.signal.aborted) throw new CancelError('interrupted');

  const p = db.plan({ contentHash: c.contentHash, rename: c.rename, delete: Boolean(opts.delete) });
  // Unchanged files refresh the quick check (a touched file's new mtime), so the next run reads none.
  db.refreshUnchanged();

  // Safety before anything changes.
  const toDelete = deletions(p);
  if (toDelete > 0) {
    if (opts.maxDelete !== undefined && toDelete > opts.maxDelete) {
      throw new FailedError(
        `refusing to delete ${toDelete} files (more than --max-delete ${opts.maxDelete}); nothing was changed`,
      );
    }
    if (opts.maxDelete === undefined && toDelete * 2 > p.remotes) {
      throw new FailedError(
        `refusing to delete ${toDelete} of the ${p.remotes} files in the library${prefix ? ` under ${quote(prefix)}` : ''} (more than half); nothing was changed`,
        { hint: `Check the directory, or allow it: --max-delete ${toDelete}` },
      );
    }
  }

  const records: SyncRecord[] = [];
  const emit = async (r: SyncRecord) => {
    records.push(r);
    if (mode === 'ndjson') await write(f.io.out, `${JSON.stringify(r)}\n`);
    else if (mode === 'ids') {
      if (r.status !== 'failed' && r.action !== 'delete' && r.id) await write(f.io.out, `${r.id}\n`);
    } else if (mode === 'human' && (!f.io.isStdoutTTY || opts.dryRun)) {
      if (r.status !== 'failed') {
        const cells = [r.action, r.path, r.name, r.id ?? ''].map((c) => terminalSafe(plainCell(c)));
        await write(f.io.out, `${cells.join('\t')}\n`);
      }
    } else if (mode === 'human' && opts.verbose && r.status === 'done') {
      report(describe(r));
    }
  };

  const summary = (): SyncSummary => {
    const s: SyncSummary = {
      uploaded: 0,
      replaced: 0,
      moved: 0,
      deleted: 0,
      unchanged: p.unchanged,
      kept: p.kept,
      failed: failures.length,
      elapsedMs: Date.now() - started,
    };
    for (const r of records) if (r.status !== 'failed') s[VERB[r.action]]++;
    return s;
  };

  if (opts.dryRun) {
    for (const a of p.actions) await emit(toRecord(a, 'planned'));
    await finish(f, opts, mode, library, records, summary(), true);
    if (failures.length > 0) throw partial(failures, p.actions.length + p.unchanged + refused);
    return;
  }

  // Carry it out: uploads, replaces and renames; then deletions, only if none of those failed.
  const first = p.actions.filter((a): a is Exclude<Action, { kind: 'delete' }> => a.kind !== 'delete');
  const bar = progressBar(f.io, {
    label: 'Syncing',
    totalFiles: p.actions.length,
    totalBytes: first.reduce((n, a) => n + (a.kind === 'rename' ? 0 : a.local.size), 0),
  });
  if (f.io.progress) report = (line) => bar.log(line);
  const uploaded: FileDoc[] = [];
  /** Moves that went by upload: their old files are deleted with the other deletions. */
  const moved: Extract<Action, { kind: 'move' }>[] = [];
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  /** Whether this library takes two files of one name (learnt from the first replace). */
  const names: { duplicates?: boolean } = {};
  let error: LibError | undefined;
  try {
    await pool(first, concurrency, f.signal, async (a) => {
      try {
        const r = await carryOut(provider, library.id, a, f.signal, failures.length > 0, names);
        if (r.file && a.kind !== 'rename' && nfc(r.file.name) !== a.local.name) {
          // An API that keeps one document per content (Mistral answers a second upload of the same
          // bytes with the first document) holds this file already, under another name.
          report(
            `lib: ${terminalSafe(`${a.local.rel}: the library already holds this content as ${quote(r.file.name)} and keeps one document per content; not uploaded`)}`,
          );
          return;
        }
        if (r.file) {
          if (a.kind === 'rename') db.forget(a.remote.key);
          record(db, a.local, r.file);
          if (a.kind !== 'rename') uploaded.push(r.file);
          if (a.kind === 'move') moved.push(a);
        }
        await emit({ ...toRecord(a, 'done'), id: r.file?.id ?? null });
      } catch (err) {
        if (f.signal.aborted) return;
        const message = err instanceof Error ? err.message : String(err);
        fail(a.local.rel, message);
        await emit({ ...toRecord(a, 'failed'), error: message });
      } finally {
        bar.tick(a.kind === 'rename' ? 0 : a.local.size);
      }
    });
    if (f.signal.aborted) throw new CancelError('interrupted');
    const deletes = p.actions.filter((a): a is Extract<Action, { kind: 'delete' }> => a.kind === 'delete');
    if (failures.length === 0) {
      await pool(deletes, concurrency, f.signal, async (a) => {
        try {
          await deleteQuietly(provider, library.id, a.remote.file.id);
          db.forget(a.remote.key);
          await emit(toRecord(a, 'done'));
        } catch (err) {
          if (f.signal.aborted) return;
          const message = err instanceof Error ? err.message : String(err);
          fail(a.remote.key, message);
          await emit({ ...toRecord(a, 'failed'), error: message });
        } finally {
          bar.tick(0);
        }
      });
      // The old halves of moves that went by upload.
      for (const a of moved) {
        if (f.signal.aborted) break;
        try {
          await deleteQuietly(provider, library.id, a.remote.file.id);
          db.forget(a.remote.key);
        } catch (err) {
          fail(a.remote.key, err instanceof Error ? err.message : String(err));
        }
      }
      if (f.signal.aborted) throw new CancelError('interrupted');
    } else if (deletes.length + moved.length > 0) {
      report(`lib: ${deletes.length + moved.length} deletion(s) not done: an upload failed`);
    }
  } catch (err) {
    // Ctrl-C: what was done is still printed (--json too), then exit 130.
    if (!(err instanceof CancelError)) throw err;
    error = err;
  } finally {
    bar.stop();
  }

  if (!error && failures.length > 0) error = partial(failures, p.actions.length + p.unchanged + refused);
  if (opts.wait && uploaded.length > 0 && !(error instanceof CancelError)) {
    try {
      await waitFor(f, provider, library, uploaded, opts.timeout ?? 600);
    } catch (err) {
      if (!(err instanceof LibError)) throw err;
      error ??= err;
    }
  }
  await finish(f, opts, mode, library, records, summary(), false);
  if (error) throw error;
}

function partial(failures: { item: string; error: string }[], total: number): PartialError {
  return new PartialError(`${failures.length} of ${total} failed: ${failures.map((x) => x.item).join(', ')}`, failures);
}

async function finish(
  f: Factory,
  opts: SyncOptions,
  mode: string,
  library: { id: string; name: string },
  records: SyncRecord[],
  s: SyncSummary,
  dryRun: boolean,
): Promise<void> {
  if (mode === 'json') {
    const body = { library: { id: library.id, name: library.name }, dryRun, summary: s, actions: records };
    await write(f.io.out, `${JSON.stringify(body, null, f.io.isStdoutTTY ? 2 : undefined)}\n`);
    return;
  }
  if (mode !== 'human') return;
  const line = summaryLine(s, dryRun);
  f.io.err.write(`${line}\n`);
  if (s.kept > 0 && !opts.delete) {
    f.io.err.write(`${s.kept} file(s) in the library are gone locally; pass --delete to delete them\n`);
  }
}

/** "12 uploaded, 3 replaced, 1 moved, 2 deleted, 983 unchanged in 1.4 s". */
export function summaryLine(s: SyncSummary, dryRun = false): string {
  const parts = [
    `${s.uploaded} ${dryRun ? 'to upload' : 'uploaded'}`,
    `${s.replaced} ${dryRun ? 'to replace' : 'replaced'}`,
    `${s.moved} ${dryRun ? 'to move' : 'moved'}`,
    `${s.deleted} ${dryRun ? 'to delete' : 'deleted'}`,
    `${s.unchanged} unchanged`,
  ];
  if (s.failed > 0) parts.push(`${s.failed} failed`);
  return `${dryRun ? 'Dry run: ' : ''}${parts.join(', ')} in ${seconds(s.elapsedMs)}`;
}

function describe(r: SyncRecord): string {
  const what = `${r.path}${r.id ? ` (${r.id})` : ''}`;
  const word = { upload: 'Uploaded', replace: 'Replaced', move: 'Moved', delete: 'Deleted' }[r.action];
  return terminalSafe(`${word} ${what}${r.from ? ` from ${r.from}` : ''}`);
}

function toRecord(a: Action, status: SyncRecord['status']): SyncRecord {
  if (a.kind === 'delete') {
    return {
      action: 'delete',
      path: a.remote.key,
      name: a.remote.file.name,
      id: a.remote.file.id,
      previousId: a.remote.file.id,
      from: null,
      status,
      error: null,
    };
  }
  return {
    action: a.kind === 'rename' ? 'move' : a.kind,
    path: a.local.rel,
    name: a.local.name,
    id: a.kind === 'replace' || a.kind === 'rename' ? a.remote.file.id : null,
    previousId: a.kind === 'upload' ? null : a.remote.file.id,
    from: a.kind === 'rename' || a.kind === 'move' ? a.remote.key : null,
    status,
    error: null,
  };
}

/** What one action did: the library file it leaves. Exported for the tests of the replace strategies. */
export async function carryOut(
  provider: Provider,
  libraryId: string,
  a: Exclude<Action, { kind: 'delete' }>,
  signal: AbortSignal,
  failedBefore: boolean,
  names: { duplicates?: boolean },
): Promise<{ file: FileDoc | null }> {
  if (a.kind === 'rename') {
    return { file: await provider.updateFile(libraryId, a.remote.file.id, { name: a.local.name }) };
  }
  const input = {
    filePath: a.local.filePath,
    name: a.local.name,
    path: a.local.path || undefined,
    signal,
  };
  if (a.kind !== 'replace') {
    try {
      return { file: (await provider.uploadFile(libraryId, { ...input, overwrite: false })).file };
    } catch (err) {
      // Someone (or a run killed before it recorded this) put a file there since the listing: replace it.
      if (!(err instanceof ConflictError)) throw err;
      return { file: (await provider.uploadFile(libraryId, { ...input, overwrite: true })).file };
    }
  }
  // Where the library takes a second file of the same name (Mistral), the new one goes in beside
  // the old, which is then deleted by its id: the file is never missing, and no search for
  // namesakes is needed. The first replace finds out (a conflict means: names are unique here).
  if (names.duplicates !== false) {
    try {
      const { file } = await provider.uploadFile(libraryId, { ...input, overwrite: false });
      names.duplicates = true;
      // Not when the API answered with another document of the same content: ours would be gone.
      if (file.id !== a.remote.file.id && nfc(file.name) === a.local.name) {
        await deleteQuietly(provider, libraryId, a.remote.file.id);
      }
      return { file };
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      names.duplicates = false;
    }
  }
  // Names are unique: the provider's own overwrite (local and hal replace in place).
  try {
    return { file: (await provider.uploadFile(libraryId, { ...input, overwrite: true })).file };
  } catch (err) {
    // An API that refuses duplicate names and a provider that cannot overwrite: delete, then upload.
    if (!(err instanceof ConflictError) || failedBefore) throw err;
    await deleteQuietly(provider, libraryId, a.remote.file.id);
    try {
      return { file: (await provider.uploadFile(libraryId, { ...input, overwrite: false })).file };
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new FailedError(`the old version was deleted and the new one failed to upload: ${why}`);
    }
  }
}

/** A file already gone (a rerun after a kill, mistral's overwrite deleting namesakes) is deleted. */
async function deleteQuietly(provider: Provider, libraryId: string, fileId: string): Promise<void> {
  try {
    await provider.deleteFile(libraryId, fileId);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
}

function record(db: SyncDb, local: LocalFile, file: Pick<FileDoc, 'id' | 'updatedAt'>): void {
  db.record(local.key, {
    local: nodePath.resolve(local.filePath),
    size: local.size,
    mtimeMs: local.mtimeMs,
    sha256: local.sha256,
    remoteId: file.id,
    remoteVersion: file.updatedAt,
  });
}

/** The library's files in scope, into the database as they are listed. */
async function listRemote(
  provider: Provider,
  libraryId: string,
  prefix: string,
  hasPaths: boolean,
  filter: { keepPath(rel: string): boolean },
  db: SyncDb,
): Promise<void> {
  const list = provider.listFiles(libraryId, { all: true, ...(hasPaths && prefix ? { path: prefix } : {}) });
  // Into the database a few hundred at a time (one transaction each: a commit per row costs more than the row).
  const pending: RemoteFile[] = [];
  const flush = () => {
    db.batch(() => pending.forEach((r) => db.addRemote(r)));
    pending.length = 0;
  };
  for await (const file of list) {
    const path = hasPaths ? normalizePath(nfc(file.path ?? '')) : '';
    // Remote files outside the synced path are not ours to touch; nor are excluded ones.
    if (!path.startsWith(prefix)) continue;
    const name = nfc(file.name);
    if (!filter.keepPath(`${path.slice(prefix.length)}${name}`)) continue;
    // Only what the plan reads (not the document, with its raw payload): less to keep until the flush.
    const slim = { id: file.id, name: file.name, hash: file.hash, size: file.size, updatedAt: file.updatedAt };
    pending.push({ key: `${path}${name}`, path, file: slim });
    if (pending.length >= 128) flush();
  }
  flush();
}

/** sha256 of the local files the quick check left unknown, a batch at a time; an unreadable one is a failure. */
async function hashLocals(db: SyncDb, fail: (item: string, error: string) => void, signal: AbortSignal): Promise<void> {
  for (let after = 0; !signal.aborted;) {
    const batch = db.unhashed(after, 256);
    if (batch.length === 0) return;
    after = batch[batch.length - 1]!.n;
    const hashed: [number, string][] = [];
    await pool(batch, 8, signal, async (l) => {
      try {
        hashed.push([l.n, await sha256(l.filePath, l.size)]);
      } catch (err) {
        db.dropLocal(l.n);
        fail(l.rel, `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    });
    db.batch(() => hashed.forEach(([n, sha]) => db.setSha(n, sha)));
  }
}

async function sha256(file: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  if (size <= 1 << 20) return hash.update(await fs.promises.readFile(file)).digest('hex');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Work over items, `n` at a time; after Ctrl-C nothing new starts. */
async function pool<T>(items: T[], n: number, signal: AbortSignal, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal.aborted) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
}
