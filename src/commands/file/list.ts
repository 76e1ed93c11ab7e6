import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { STATUSES, type Status } from '../../model.js';
import { printList } from '../../output/render.js';
import { fileList } from '../../output/views.js';
import { collectLabel, examples, limitedList, listLimit, positiveInt, requireCapabilities } from '../shared.js';
import { libraryOption, libraryRef } from './shared.js';

export interface ListOptions {
  library?: string;
  search?: string;
  name?: string;
  path?: string;
  label?: string[];
  status?: string;
  sort?: string;
  limit?: number;
  all?: boolean;
}

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = libraryOption(parent.command('list').alias('ls').description('List the files in a library'))
    .option('--search <query>', 'only files whose name or text matches')
    .option('--name <name>', 'only the file with exactly this name')
    .option('--path <folder>', 'only files in this folder and below (d1 is d1/, not d10/)')
    .option('--label <label>', 'only files with this label (repeatable: with every one)', collectLabel)
    .option('--status <status>', `only files in this state: ${STATUSES.join(', ')}`)
    .option('--sort <field>', 'sort by name, createdAt, updatedAt or size; prefix - for descending')
    .option('--limit <n>', 'show at most n files (default 50)', positiveInt('--limit'))
    .option('--all', 'show every file, following pages')
    .action((opts: ListOptions) => runF(f, opts));
  examples(cmd, [
    'lib file list --library docs',
    'lib file list -l docs --search "expense policy" --status ready',
    'lib file list -l docs --all --ndjson | jq -r .name',
  ]);
}

export async function run(f: Factory, opts: ListOptions): Promise<void> {
  requireCapabilities(f, [
    ['labels', 'labels (--label)', opts.label],
    ['paths', 'paths (--path)', opts.path],
  ]);
  listLimit(opts);
  if (opts.status !== undefined && !(STATUSES as readonly string[]).includes(opts.status)) {
    throw new UsageError(`invalid --status "${opts.status}" (expected one of: ${STATUSES.join(', ')})`);
  }
  const output = f.output();
  const provider = await f.provider();
  const library = await provider.resolveLibrary(libraryRef(f, opts.library));
  const files = limitedList(f, opts, (limits) =>
    provider.listFiles(library.id, {
      search: opts.search,
      name: opts.name,
      path: opts.path,
      label: opts.label,
      status: opts.status as Status | undefined,
      sort: opts.sort,
      ...limits,
    }),
  );
  await printList(f.io, output, fileList, files);
}
