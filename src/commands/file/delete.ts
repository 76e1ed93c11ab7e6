import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { printList } from '../../output/render.js';
import { fileList } from '../../output/views.js';
import { confirm, examples, quote } from '../shared.js';
import { combined, libraryOption, libraryRef, runBulkSettled } from './shared.js';

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = libraryOption(
    parent
      .command('delete')
      .alias('rm')
      .description('Delete files from a library')
      .argument('<files...>', 'file ids or unique names'),
  ).action((files: string[], opts: { library?: string }) => runF(f, { files, library: opts.library }));
  examples(cmd, [
    'lib file delete old.pdf --library docs',
    'lib file list -l docs --label draft --all -q | xargs lib file delete -l docs -y',
  ]);
}

export async function run(f: Factory, opts: { files: string[]; library?: string }): Promise<void> {
  const output = f.output();
  const provider = await f.provider();
  const library = await provider.resolveLibrary(libraryRef(f, opts.library));
  // As rm and kubectl do: a name that finds nothing is reported and the others
  // still go (exit 6 at the end). Only the files found are asked about.
  const found = await runBulkSettled(
    f,
    opts.files,
    (ref) => ref,
    (ref) => provider.resolveFile(library.id, ref),
  );
  if (found.results.length === 0) throw found.error!;
  const files = found.results;
  const what = files.length === 1 ? `file ${quote(files[0]!.name)}` : `${files.length} files`;
  await confirm(f, `Delete ${what} from library ${quote(library.name)}?`);
  const removed = await runBulkSettled(
    f,
    files,
    (x) => x.name,
    async (file) => {
      await provider.deleteFile(library.id, file.id);
      if (output.mode === 'human') f.io.err.write(`Deleted file ${quote(file.name)} (${file.id})\n`);
      return file;
    },
  );
  const deleted = removed.results;
  const error = combined(opts.files.length, [found.error, removed.error]);
  // What was deleted is printed even when another file failed.
  if ((output.mode !== 'human' || output.raw) && (deleted.length > 0 || !error))
    await printList(f.io, output, fileList, deleted);
  if (error) throw error;
}
