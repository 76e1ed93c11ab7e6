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
import { type FileDoc, nfc } from '../../model.js';
import { plainCell, terminalSafe } from '../../output/format.js';
import { write } from '../../output/io.js';
import { progressBar, seconds, spinner } from '../../output/progress.js';
import { REGISTRY } from '../../providers/registry.js';
import { normalizePath } from '../../providers/shared/paths.js';
import type { Provider } from '../../providers/types.js';
import { collect, examples, positiveInt, positiveIntOrZero, quote, requireCapabilities } from '../shared.js';
import { IGNORE_FILE, makeFilter } from './ignore.js';
import { beyondLimits, libraryOption, libraryRef } from './shared.js';
import { type Action, deletions, type LocalFile, plan, type RemoteFile } from './sync-plan.js';
import { SyncState } from './sync-state.js';
import { walkTree } from './tree.js';
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
  const output = f.output();
  const eff = f.effective();
  const caps = REGISTRY[eff.provider.value].capabilities;
  const prefix = normalizePath(opts.path === undefined ? undefined : nfc(opts.path));

  // Local side: the walk, with the rules.
  const ignoreText = await fs.promises.readFile(`${opts.dir}/${IGNORE_FILE}`, 'utf8').catch(() => undefined);
  const filter = makeFilter(ignoreText, opts.include ?? [], opts.exclude ?? []);
  const entries = await walkTree(opts.dir, { followLinks: Boolean(opts.followLinks), keep: filter.keep });
  const failures: { item: string; error: string }[] = [];
  const fail = (item: string, error: string) => {
    failures.push({ item, error });
    report(`lib: ${terminalSafe(`${item}: ${error}`)}`);
  };
  // Lines on stderr go above the bar once there is one.
  let report = (line: string): void => {
    f.io.err.write(`${line}\n`);
  };
  for (const e of entries.filter((x) => x.skipped))
    report(`lib: ${terminalSafe(`${e.display}: ${e.skipped}; skipped`)}`);
  for (const e of entries.filter((x) => x.failure)) fail(e.display, e.failure!.message);

  const provider = await f.provider();
  const library = await provider.resolveLibrary(libraryRef(f, opts.library));
  if (library.driver && !library.driver.supportsUpload) {
    throw new UsageError(
      `library ${quote(library.name)} is a ${library.driver.name} library: its files come only from sync, uploads are refused`,
      { hint: `Put the files in the drive folder, then: lib library sync ${library.naturalId ?? library.id} --wait` },
    );
  }
  const limits = REGISTRY[eff.provider.value].uploads;
  for (const e of limits ? entries.filter((x) => !x.skipped && !x.failure) : []) {
    const why = beyondLimits(e, limits!, eff.provider.value);
    if (why) {
      e.failure = new UsageError(why);
      fail(e.display, why);
    }
  }
  const hasPaths = provider.hasPaths && caps.paths;
  const files = entries.filter((e) => !e.skipped && !e.failure);
  /** Files that failed before the plan (unreadable, over the provider's limits): they count in "N of M failed". */
  const refused = entries.filter((e) => e.failure).length;
  if (!hasPaths && files.some((e) => e.folder !== '')) {
    report(`lib: the ${provider.name} provider has no folders: files in subdirectories are synced by name`);
  }

  const state = SyncState.load(f.paths().dataDir, {
    profile: eff.profile.value,
    baseUrl: eff.baseUrl?.value ?? null,
    provider: eff.provider.value,
    libraryId: library.id,
  });
  const spin = spinner(f.io, 'Reading the library and the directory');
  let locals: LocalFile[];
  let remotes: RemoteFile[];
  try {
    // The listing and the hashing overlap: one waits on the network, the other on the disk.
    const listing = listRemote(provider, library.id, prefix, hasPaths, filter);
    const hashing = hashLocals(files, prefix, hasPaths, state.entries, fail, f.signal);
    [remotes, locals] = await Promise.all([listing, hashing]);
  } finally {
    spin.stop();
  }
  if (f.signal.aborted) throw new CancelError('interrupted');

  const p = plan({
    locals,
    remotes,
    state: state.entries,
    contentHash: caps.contentHash !== null,
    rename: caps.rename && typeof provider.updateFile === 'function',
    delete: Boolean(opts.delete),
  });
  // Unchanged files refresh the quick check (a touched file's new mtime), so the next run reads none.
  for (const { local, remote } of p.unchanged) {
    const known = state.entries.get(local.key);
    if (
      !known ||
      known.local !== nodePath.resolve(local.filePath) ||
      known.size !== local.size ||
      known.mtimeMs !== local.mtimeMs ||
      known.sha256 !== local.sha256 ||
      known.remoteId !== remote.file.id
    )
      record(state, local, remote.file);
  }

  // Safety before anything changes.
  const toDelete = deletions(p);
  if (toDelete > 0) {
    if (opts.maxDelete !== undefined && toDelete > opts.maxDelete) {
      throw new FailedError(
        `refusing to delete ${toDelete} files (more than --max-delete ${opts.maxDelete}); nothing was changed`,
      );
    }
    if (opts.maxDelete === undefined && toDelete * 2 > remotes.length) {
      throw new FailedError(
        `refusing to delete ${toDelete} of the ${remotes.length} files in the library${prefix ? ` under ${quote(prefix)}` : ''} (more than half); nothing was changed`,
        { hint: `Check the directory, or allow it: --max-delete ${toDelete}` },
      );
    }
  }

  const records: SyncRecord[] = [];
  const emit = async (r: SyncRecord) => {
    records.push(r);
    if (output.mode === 'ndjson') await write(f.io.out, `${JSON.stringify(r)}\n`);
    else if (output.mode === 'ids') {
      if (r.status !== 'failed' && r.action !== 'delete' && r.id) await write(f.io.out, `${r.id}\n`);
    } else if (output.mode === 'human' && (!f.io.isStdoutTTY || opts.dryRun)) {
      if (r.status !== 'failed') {
        const cells = [r.action, r.path, r.name, r.id ?? ''].map((c) => terminalSafe(plainCell(c)));
        await write(f.io.out, `${cells.join('\t')}\n`);
      }
    } else if (output.mode === 'human' && opts.verbose && r.status === 'done') {
      report(describe(r));
    }
  };

  const summary = (): SyncSummary => {
    const s: SyncSummary = {
      uploaded: 0,
      replaced: 0,
      moved: 0,
      deleted: 0,
      unchanged: p.unchanged.length,
      kept: p.kept.length,
      failed: failures.length,
      elapsedMs: Date.now() - started,
    };
    for (const r of records) if (r.status !== 'failed') s[VERB[r.action]]++;
    return s;
  };

  if (opts.dryRun) {
    for (const a of p.actions) await emit(toRecord(a, 'planned'));
    await finish(f, opts, output.mode, library, records, summary(), true);
    if (failures.length > 0) throw partial(failures, p.actions.length + p.unchanged.length + refused);
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
          if (a.kind === 'rename') state.delete(a.remote.key);
          record(state, a.local, r.file);
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
        state.save(2000);
      }
    });
    if (f.signal.aborted) throw new CancelError('interrupted');
    const deletes = p.actions.filter((a): a is Extract<Action, { kind: 'delete' }> => a.kind === 'delete');
    if (failures.length === 0) {
      await pool(deletes, concurrency, f.signal, async (a) => {
        try {
          await deleteQuietly(provider, library.id, a.remote.file.id);
          state.delete(a.remote.key);
          await emit(toRecord(a, 'done'));
        } catch (err) {
          if (f.signal.aborted) return;
          const message = err instanceof Error ? err.message : String(err);
          fail(a.remote.key, message);
          await emit({ ...toRecord(a, 'failed'), error: message });
        } finally {
          bar.tick(0);
          state.save(2000);
        }
      });
      // The old halves of moves that went by upload.
      for (const a of moved) {
        if (f.signal.aborted) break;
        try {
          await deleteQuietly(provider, library.id, a.remote.file.id);
          state.delete(a.remote.key);
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
    state.save();
  }

  if (!error && failures.length > 0) error = partial(failures, p.actions.length + p.unchanged.length + refused);
  if (opts.wait && uploaded.length > 0 && !(error instanceof CancelError)) {
    try {
      await waitFor(f, provider, library, uploaded, opts.timeout ?? 600);
    } catch (err) {
      if (!(err instanceof LibError)) throw err;
      error ??= err;
    }
  }
  await finish(f, opts, output.mode, library, records, summary(), false);
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

function record(state: SyncState, local: LocalFile, file: Pick<FileDoc, 'id' | 'updatedAt'>): void {
  state.set(local.key, {
    local: nodePath.resolve(local.filePath),
    size: local.size,
    mtimeMs: local.mtimeMs,
    sha256: local.sha256,
    remoteId: file.id,
    remoteVersion: file.updatedAt,
  });
}

async function listRemote(
  provider: Provider,
  libraryId: string,
  prefix: string,
  hasPaths: boolean,
  filter: { keepPath(rel: string): boolean },
): Promise<RemoteFile[]> {
  const out: RemoteFile[] = [];
  const list = provider.listFiles(libraryId, { all: true, ...(hasPaths && prefix ? { path: prefix } : {}) });
  for await (const file of list) {
    const path = hasPaths ? normalizePath(nfc(file.path ?? '')) : '';
    // Remote files outside the synced path are not ours to touch; nor are excluded ones.
    if (!path.startsWith(prefix)) continue;
    const name = nfc(file.name);
    if (!filter.keepPath(`${path.slice(prefix.length)}${name}`)) continue;
    // Only what the plan reads: a 10,000-file library held as whole documents (with their raw
    // payloads) is most of a sync's memory.
    const slim = { id: file.id, name: file.name, hash: file.hash, size: file.size, updatedAt: file.updatedAt };
    out.push({ key: `${path}${name}`, path, file: slim });
  }
  return out;
}

/** sha256 of every local file, from the state where size and mtime are unchanged (rsync's quick check). */
async function hashLocals(
  entries: { rel: string; filePath: string; name: string; folder: string; size: number; mtimeMs: number }[],
  prefix: string,
  hasPaths: boolean,
  state: Map<string, { local: string; size: number; mtimeMs: number; sha256: string }>,
  fail: (item: string, error: string) => void,
  signal: AbortSignal,
): Promise<LocalFile[]> {
  const byKey = new Map<string, LocalFile>();
  const all: LocalFile[] = [];
  for (const e of entries) {
    const path = hasPaths ? normalizePath(nfc(prefix + e.folder)) : '';
    const name = nfc(e.name);
    const key = `${path}${name}`;
    const other = byKey.get(key);
    if (other) {
      fail(e.rel, `${quote(other.rel)} and this file both become ${quote(key)} in a library without folders`);
      continue;
    }
    const local: LocalFile = {
      rel: nfc(e.rel),
      filePath: e.filePath,
      key,
      path,
      name,
      size: e.size,
      mtimeMs: e.mtimeMs,
      sha256: '',
    };
    const known = state.get(key);
    if (known && known.local === nodePath.resolve(e.filePath) && known.size === e.size && known.mtimeMs === e.mtimeMs) {
      local.sha256 = known.sha256;
    }
    byKey.set(key, local);
    all.push(local);
  }
  const todo = all.filter((l) => !l.sha256);
  const unreadable = new Set<LocalFile>();
  await pool(todo, 8, signal, async (l) => {
    try {
      l.sha256 = await sha256(l.filePath, l.size);
    } catch (err) {
      unreadable.add(l);
      fail(l.rel, `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  });
  return all.filter((l) => !unreadable.has(l));
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
