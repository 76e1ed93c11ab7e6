import fs from 'node:fs';
import { need } from '../../providers/types.js';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { ConflictError, UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { examples, quote, requireCapabilities } from '../shared.js';
import { libraryOption, resolveTarget } from './shared.js';

export interface DownloadOptions {
  file: string;
  library?: string;
  output?: string;
  overwrite?: boolean;
}

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = libraryOption(
    parent.command('download').description("Download a file's content").argument('<file>', 'file id or unique name'),
  )
    .option('-o, --output <path>', 'where to write it: a file, a directory, or - for stdout (default: its name, here)')
    .option('--overwrite', 'replace an existing file')
    .action((file: string, opts: Omit<DownloadOptions, 'file'>) => runF(f, { ...opts, file }));
  examples(cmd, ['lib file download handbook.pdf --library docs', 'lib file download notes.md -l docs -o - | less']);
}

export async function run(f: Factory, opts: DownloadOptions): Promise<void> {
  requireCapabilities(f, [['download', 'downloads', true]]);
  const { provider, library, file } = await resolveTarget(f, opts.library, opts.file);
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
  const download = await need(provider, 'downloadFile', 'downloads')(library.id, file.id, f.signal);
  const source = Readable.from(download.body);
  if (toStdout) {
    await pipeline(source, f.io.out, { end: false });
    return;
  }
  // Write beside the target and rename: an interrupted download leaves nothing half-written.
  const temp = path.join(path.dirname(path.resolve(target)), `.${path.basename(target)}.${process.pid}.part`);
  try {
    await pipeline(source, fs.createWriteStream(temp, { flags: 'wx' }), { signal: f.signal });
    await fs.promises.rename(temp, target);
  } catch (err) {
    await fs.promises.rm(temp, { force: true });
    throw err;
  }
  f.io.err.write(`Downloaded ${quote(file.name)} to ${target}\n`);
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
