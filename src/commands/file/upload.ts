import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { CancelError, LibError, UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import type { FileDoc } from '../../model.js';
import { progressBar, seconds, spinner } from '../../output/progress.js';
import { humanSize, terminalSafe } from '../../output/format.js';
import { printList, printOne } from '../../output/render.js';
import { fileList } from '../../output/views.js';
import { REGISTRY } from '../../providers/registry.js';
import type { UploadResult } from '../../providers/types.js';
import {
  collect,
  collectLabel,
  examples,
  nonEmpty,
  parseAttributes,
  positiveInt,
  quote,
  requireCapabilities,
} from '../shared.js';
import { beyondLimits, libraryOption, libraryRef, runBulkSettled } from './shared.js';
import { walkTree } from './tree.js';
import { waitFor } from './wait.js';

/**
 * Uploads in flight by default. Measured (npm run bench) against lib serve on
 * 2 cores with 1,000 files of 4 KB: 4 -> 2.46 s, 8 -> 2.13 s, 16 -> 2.12 s; more
 * than 8 buys nothing there and only adds load on a real API's rate limits.
 */
export const DEFAULT_CONCURRENCY = 8;

export interface UploadOptions {
  inputs: string[];
  library?: string;
  path?: string;
  label?: string[];
  publicUrl?: string;
  attribute?: string[];
  name?: string;
  recursive?: boolean;
  concurrency?: number;
  wait?: boolean;
  overwrite?: boolean;
  timeout?: number;
  verbose?: boolean;
}

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = libraryOption(
    parent
      .command('upload')
      .description('Upload files, a directory (--recursive) or stdin (-) into a library')
      .argument('<paths...>', 'files, directories, or - for stdin'),
  )
    .option('--path <path>', 'the path (folder) to file them under in the library')
    .option('--label <label>', 'a label (repeatable)', collectLabel)
    .option('--public-url <url>', 'a public URL the file came from')
    .option(
      '--attribute <key=value>',
      'an attribute: KEY=TEXT keeps text, KEY:=JSON a number, boolean or list (repeatable)',
      collect,
    )
    .option('--name <name>', 'the file name in the library (one input, or stdin)')
    .option('-r, --recursive', 'upload the files in directories and their subdirectories')
    .option('--concurrency <n>', `uploads at once (default ${DEFAULT_CONCURRENCY})`, positiveInt('--concurrency'))
    .option('--overwrite', 'replace a file with the same name and path')
    .option('--wait', 'wait until the uploaded files are processed')
    .option('-v, --verbose', 'on a terminal, a line per file above the progress bar')
    .option(
      '--timeout <seconds>',
      'with --wait: give up after this many seconds (default 600)',
      positiveInt('--timeout'),
    )
    .action((inputs: string[], opts: Omit<UploadOptions, 'inputs'>) => runF(f, { ...opts, inputs }));
  examples(cmd, [
    'lib file upload handbook.pdf --library "Team Docs"',
    'lib file upload ./reports --recursive --library docs --path reports/2024 --label finance',
    'curl -s https://example.com/faq.md | lib file upload - --name faq.md --library docs',
  ]);
}

interface Source {
  /** What the user typed or the file found in a directory, for messages. */
  display: string;
  filePath: string;
  name: string;
  path?: string;
  /** Why this input cannot be uploaded (missing, unreadable directory): its failure; the rest still go. */
  failure?: UsageError;
  /** Left out on purpose (a broken symlink, a link loop): one note on stderr, not a failure. */
  skipped?: string;
  /** The subdirectory a --recursive walk found it in (part of `path`, not from --path). */
  folder?: string;
  /** Bytes, for the progress bar (0 for stdin: spooled, then counted as it goes). */
  size: number;
}

export async function run(f: Factory, opts: UploadOptions): Promise<void> {
  requireCapabilities(f, [
    ['labels', 'labels (--label)', opts.label],
    ['paths', 'paths (--path)', opts.path],
    ['publicUrl', 'public URLs (--public-url)', opts.publicUrl],
    ['attributes', 'attributes (--attribute)', opts.attribute],
  ]);
  const output = f.output();
  const stdinCount = opts.inputs.filter((i) => i === '-').length;
  if (stdinCount > 1) throw new UsageError('stdin (-) can be given only once');
  if (stdinCount === 1 && !opts.name) throw new UsageError('uploading stdin (-) needs --name');
  if (opts.name !== undefined) {
    nonEmpty('--name', opts.name);
    if (opts.inputs.length > 1) throw new UsageError('--name applies to a single file; it cannot name several');
  }
  if (opts.timeout !== undefined && !opts.wait) throw new UsageError('--timeout goes with --wait');
  // A new file has no attribute to remove: KEY:=null just leaves KEY out.
  const parsed = parseAttributes(opts.attribute);
  const attributes = parsed && Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== null));
  const spooled: string[] = [];
  try {
    let sources: Source[] = [];
    for (const input of opts.inputs) {
      if (input === '-') {
        const filePath = await spoolStdin(f, spooled);
        sources.push({ display: opts.name!, filePath, name: opts.name!, path: opts.path, size: fileSize(filePath) });
      } else {
        // A path that cannot be uploaded is that item's failure; the others still go (exit 6).
        try {
          sources.push(...(await expand(input, opts)));
        } catch (err) {
          if (!(err instanceof UsageError)) throw err;
          sources.push({ display: input, filePath: input, name: '', failure: err, size: 0 });
        }
      }
    }
    for (const s of sources.filter((x) => x.skipped)) {
      f.io.err.write(`lib: ${terminalSafe(`${s.display}: ${s.skipped}; skipped`)}\n`);
    }
    sources = sources.filter((x) => !x.skipped);
    if (opts.name !== undefined && sources.length > 1)
      throw new UsageError('--name applies to a single file; it cannot name several');
    // What the API refuses by type or size is each file's failure before any byte is sent (ai21: 5 MB, five types).
    const limits = REGISTRY[f.effective().provider.value].uploads;
    for (const s of limits ? sources : []) {
      const why = beyondLimits(s, limits!, f.effective().provider.value);
      if (why) s.failure ??= new UsageError(`${s.display}: ${why}`);
    }
    if (sources.every((s) => s.failure)) {
      // Nothing can go: the same report as below, without a request.
      const { error } = await runBulkSettled(
        f,
        sources,
        (s) => s.display,
        (s) => Promise.reject(s.failure),
      );
      throw error!;
    }

    const provider = await f.provider();
    const library = await provider.resolveLibrary(libraryRef(f, opts.library));
    // A library whose driver only syncs (hal's cloud drives) takes no upload: one line, before any byte.
    if (library.driver && !library.driver.supportsUpload) {
      throw new UsageError(
        `library ${quote(library.name)} is a ${library.driver.name} library: its files come only from sync, uploads are refused`,
        { hint: `Put the files in the drive folder, then: lib library sync ${library.naturalId ?? library.id} --wait` },
      );
    }
    if (!provider.hasPaths && sources.some((s) => s.folder !== undefined)) {
      f.io.err.write(
        `lib: the ${provider.name} provider has no folders: files in subdirectories are uploaded by name\n`,
      );
    }
    // Many files get a bar (files, bytes, rate, ETA) and one summary line at the end on a
    // terminal; one file a spinner. The per-file lines stay for pipes and --verbose.
    const many = sources.length > 1;
    const bar = many
      ? progressBar(f.io, {
          label: 'Uploading',
          totalFiles: sources.length,
          totalBytes: sources.reduce((n, s) => n + s.size, 0),
        })
      : undefined;
    const progress = many ? undefined : spinner(f.io, 'Uploading');
    const perFile = output.mode === 'human' && (!bar || !f.io.progress || opts.verbose);
    const report = (line: string) => (bar ? bar.log(line) : f.io.err.write(`${line}\n`));
    let settled: { results: UploadResult[]; error?: LibError };
    try {
      settled = await runBulkSettled(
        f,
        sources,
        (s) => s.display,
        async (s) => {
          try {
            if (s.failure) throw s.failure;
            const result = await provider.uploadFile(library.id, {
              filePath: s.filePath,
              name: s.name,
              // Subdirectories become paths where the provider has them; elsewhere files go in by name.
              path: provider.hasPaths ? s.path : opts.path,
              labels: opts.label,
              publicUrl: opts.publicUrl,
              attributes,
              overwrite: opts.overwrite,
              signal: f.signal,
            });
            if (perFile) report(describe(result, s.display));
            return result;
          } finally {
            bar?.tick(s.size);
          }
        },
        opts.concurrency ?? DEFAULT_CONCURRENCY,
        report,
      );
    } finally {
      bar?.stop();
      progress?.stop();
    }
    if (bar && f.io.progress && output.mode === 'human') {
      f.io.err.write(`${uploadSummary(settled.results, sources.length, bar.elapsed())}\n`);
    }
    // What did upload is printed even when other files failed: a script needs those ids.
    let files: FileDoc[] = settled.results.map((r) => r.file);
    let error: LibError | undefined = settled.error;
    if (opts.wait && files.length > 0 && !(error instanceof CancelError)) {
      try {
        files = await waitFor(f, provider, library, files, opts.timeout ?? 600);
      } catch (err) {
        // Timed out, interrupted or failed processing: the files did go in, and a script needs their ids.
        if (!(err instanceof LibError)) throw err;
        error = err;
      }
    }
    const single = opts.inputs.length === 1 && sources.length === 1 && !isDirectory(opts.inputs[0]!);
    if (single && files.length === 1) await printOne(f.io, output, fileList, files[0]!);
    else if (files.length > 0 || !error) await printList(f.io, output, fileList, files);
    if (error) throw error;
  } finally {
    for (const p of spooled) fs.rmSync(path.dirname(p), { recursive: true, force: true });
  }
}

/** "998 uploaded, 2 replaced, 0 unchanged, 3 failed (3.9 MiB) in 2.1 s": the terminal's one line for a bulk upload. */
export function uploadSummary(results: UploadResult[], total: number, elapsedMs: number): string {
  const count = (o: string) => results.filter((r) => r.outcome === o).length;
  const bytes = results.reduce((n, r) => n + (r.file.size ?? 0), 0);
  const parts = [`${count('created')} uploaded`, `${count('replaced')} replaced`, `${count('unchanged')} unchanged`];
  if (results.length < total) parts.push(`${total - results.length} failed`);
  return `${parts.join(', ')} (${humanSize(bytes)}) in ${seconds(elapsedMs)}`;
}

function describe(r: UploadResult, display: string): string {
  const what = `${display} -> ${quote(r.file.name)} (${r.file.id})`;
  if (r.outcome === 'unchanged') return `Unchanged ${what}: the same content is already in the library`;
  return `${r.outcome === 'created' ? 'Uploaded' : 'Replaced'} ${what}`;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

async function expand(input: string, opts: UploadOptions): Promise<Source[]> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(input);
  } catch {
    throw new UsageError(`${input}: no such file or directory`);
  }
  if (stat.isFile()) {
    return [
      { display: input, filePath: input, name: opts.name ?? path.basename(input), path: opts.path, size: stat.size },
    ];
  }
  if (!stat.isDirectory()) throw new UsageError(`${input}: not a regular file or directory`);
  if (!opts.recursive)
    throw new UsageError(`${input} is a directory`, { hint: 'Pass --recursive to upload the files in it' });
  // Symlinks are followed, to files and to directories, as `aws s3 sync` does.
  const base = opts.path?.replace(/\/+$/, '');
  const found: Source[] = (await walkTree(input, { followLinks: true })).map((e) => ({
    display: e.display,
    filePath: e.filePath,
    name: e.name,
    path: [base, e.folder].filter(Boolean).join('/') || undefined,
    folder: e.folder || undefined,
    size: e.size,
    failure: e.failure,
    skipped: e.skipped,
  }));
  if (found.length === 0) throw new UsageError(`${input}: no files to upload in this directory`);
  return found;
}

function fileSize(p: string): number {
  try {
    return fs.statSync(p).size;
  } catch {
    return 0;
  }
}

/** Stdin is spooled to a private temporary file so every provider reads a regular file (and retries can re-read it). */
async function spoolStdin(f: Factory, spooled: string[]): Promise<string> {
  if (f.io.isStdinTTY) throw new UsageError('stdin (-) is a terminal; pipe the content in');
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'lib-stdin-'));
  const file = path.join(dir, 'stdin');
  spooled.push(file);
  await pipeline(f.io.in, fs.createWriteStream(file, { mode: 0o600 }));
  return file;
}
