import fs from 'node:fs';
import type { FileDoc } from '../../model.js';
import { need, type Provider } from '../../providers/types.js';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { ConflictError, UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { examples, quote, requireCapabilities } from '../shared.js';
import { libraryOption, libraryRef, resolveTarget, runBulkSettled } from './shared.js';

export interface DownloadOptions {
  files: string[];
  library?: string;
  output?: string;
  overwrite?: boolean;
  /** Every file of the library (or under --path). */
  all?: boolean;
  /** Every file in this folder and below. */
  path?: string;
}

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = libraryOption(
    parent
      .command('download')
      .description("Download files' content: one, several, a folder (--path) or a whole library (--all)")
      .argument('[files...]', 'file ids, names or path/names'),
  )
    .option(
      '-o, --output <path>',
      'one file: a file, a directory, or - for stdout; several: a directory (default: here)',
    )
    .option('--path <folder>', 'every file in this folder and below')
    .option('--all', 'every file in the library')
    .option('--overwrite', 'replace existing files')
    .action((files: string[], opts: Omit<DownloadOptions, 'files'>) => runF(f, { ...opts, files }));
  examples(cmd, [
    'lib file download handbook.pdf --library docs',
    'lib file download notes.md -l docs -o - | less',
    'lib file download --all -l docs -o ./backup          # folders become directories',
  ]);
}

export async function run(f: Factory, opts: DownloadOptions): Promise<void> {
  requireCapabilities(f, [
    ['download', 'downloads', true],
    ['paths', 'paths (--path)', opts.path],
  ]);
  const many = opts.all || opts.path !== undefined || opts.files.length > 1;
  if (!many && opts.files.length === 0) throw new UsageError('name a file to download, or give --path or --all');
  if (many && opts.files.length > 0 && (opts.all || opts.path !== undefined))
    throw new UsageError('give file names, or --path/--all, not both');
  if (!many) return downloadOne(f, opts, opts.files[0]!);
  if (opts.output === '-') throw new UsageError('-o - (stdout) takes one file; give a directory for several');
  const dir = opts.output ?? '.';
  if (!isDirectory(dir))
    throw new UsageError(`${dir}: no such directory`, { hint: 'Several files go into a directory: -o DIR' });

  const provider = await f.provider();
  const library = await provider.resolveLibrary(libraryRef(f, opts.library));
  const files: FileDoc[] = [];
  if (opts.files.length > 0) {
    const found = await runBulkSettled(
      f,
      opts.files,
      (r) => r,
      (r) => provider.resolveFile(library.id, r),
    );
    if (found.error && found.results.length === 0) throw found.error;
    files.push(...found.results);
  } else {
    for await (const file of provider.listFiles(library.id, { all: true, path: opts.path })) files.push(file);
  }
  const download = need(provider, 'downloadFile', 'downloads');
  const done = await runBulkSettled(
    f,
    files,
    (file) => `${file.path ?? ''}${file.name}`,
    async (file) => {
      // Folders become directories under DIR, each segment made safe as a local name.
      const folders = (file.path ?? '').split('/').filter(Boolean).map(localName);
      const target = path.join(dir, ...folders, localName(file.name));
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      if (fs.existsSync(target) && !opts.overwrite) {
        throw new ConflictError(`${target} already exists`, { hint: 'Pass --overwrite to replace it' });
      }
      await writeAtomically(download, library.id, file.id, target, f.signal);
      f.io.err.write(`Downloaded ${quote(file.name)} to ${target}\n`);
      return target;
    },
    4,
  );
  f.io.err.write(`${done.results.length} of ${files.length} downloaded to ${dir}\n`);
  if (done.error) throw done.error;
}

async function downloadOne(f: Factory, opts: DownloadOptions, ref: string): Promise<void> {
  const { provider, library, file } = await resolveTarget(f, opts.library, ref);
  const toStdout = opts.output === '-';
  let target = '';
  if (!toStdout) {
    target = opts.output ?? localName(file.name);
    if (opts.output && isDirectory(opts.output)) target = path.join(opts.output, localName(file.name));
    if (!isDirectory(path.dirname(path.resolve(target))))
      throw new UsageError(`${path.dirname(target)}: no such directory`);
    if (fs.existsSync(target) && !opts.overwrite) {
      throw new ConflictError(`${target} already exists`, {
        hint: 'Pass --overwrite to replace it, or -o to choose another path',
      });
    }
  }
  const download = need(provider, 'downloadFile', 'downloads');
  if (toStdout) {
    const { body } = await download(library.id, file.id, f.signal);
    await pipeline(Readable.from(body), f.io.out, { end: false });
    return;
  }
  await writeAtomically(download, library.id, file.id, target, f.signal);
  f.io.err.write(`Downloaded ${quote(file.name)} to ${target}\n`);
}

/** Writes beside the target and renames: an interrupted download leaves nothing half-written. */
async function writeAtomically(
  download: NonNullable<Provider['downloadFile']>,
  libraryId: string,
  fileId: string,
  target: string,
  signal: AbortSignal,
): Promise<void> {
  const { body } = await download(libraryId, fileId, signal);
  const temp = path.join(path.dirname(path.resolve(target)), `.${path.basename(target)}.${process.pid}.part`);
  try {
    await pipeline(Readable.from(body), fs.createWriteStream(temp, { flags: 'wx' }), { signal });
    await fs.promises.rename(temp, target);
  } catch (err) {
    await fs.promises.rm(temp, { force: true });
    throw err;
  }
}

/**
 * A remote document's name as a file name here. Names come from a server, so
 * one like "../../.bashrc" must not choose where we write: keep the last
 * segment, and ask for -o when nothing usable is left.
 */
export function localName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  const clean = last.replace(/[\u0000-\u001f]/g, '').trim();
  if (clean === '' || clean === '.' || clean === '..') {
    throw new UsageError(`the file's name ${quote(name)} cannot be used as a local file name`, {
      hint: 'Choose one with -o PATH',
    });
  }
  return clean;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
