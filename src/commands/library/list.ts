import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { printList } from '../../output/render.js';
import { libraryList } from '../../output/views.js';
import { examples, limitedList, listLimit, positiveInt } from '../shared.js';

export interface ListOptions {
  search?: string;
  sort?: string;
  limit?: number;
  all?: boolean;
}

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = parent
    .command('list')
    .alias('ls')
    .description('List libraries')
    .option('--search <query>', 'only libraries whose name or description contains the query')
    .option('--sort <field>', 'sort by name, createdAt, updatedAt, size or documents; prefix - for descending')
    .option('--limit <n>', 'show at most n libraries (default 50)', positiveInt('--limit'))
    .option('--all', 'show every library, following pages')
    .action((opts: ListOptions) => runF(f, opts));
  examples(cmd, [
    'lib library list',
    'lib library list --search team --sort -updatedAt',
    'lib library list --all --json | jq -r ".[].name"',
  ]);
}

export async function run(f: Factory, opts: ListOptions): Promise<void> {
  listLimit(opts);
  const output = f.output();
  const provider = await f.provider();
  await printList(
    f.io,
    output,
    libraryList,
    limitedList(f, opts, (limits) => provider.listLibraries({ search: opts.search, sort: opts.sort, ...limits })),
  );
}
