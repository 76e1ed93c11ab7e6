import type { Command } from 'commander';
import { need } from '../../providers/types.js';
import { supportedBy } from '../../providers/registry.js';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { printOne } from '../../output/render.js';
import { libraryDetail } from '../../output/views.js';
import { examples, nonEmpty, positiveInt, requireCapabilities } from '../shared.js';

export interface UpdateOptions {
  library: string;
  name?: string;
  description?: string;
  syncInterval?: number;
  shared?: boolean;
}

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = parent
    .command('update')
    .alias('edit')
    .description("Change a library's name or description")
    .argument('<library>', 'library id or unique name')
    .option('--name <name>', 'new name')
    .option('--description <text>', 'new description')
    .option(
      '--sync-interval <minutes>',
      `sync interval in minutes (${supportedBy('remoteSync')})`,
      positiveInt('--sync-interval'),
    )
    .option('--shared', `mark the library shared (${supportedBy('owner')})`)
    .option('--no-shared', 'mark it not shared (refused while it has shares)')
    .action((library: string, opts: Omit<UpdateOptions, 'library'>) => runF(f, { ...opts, library }));
  examples(cmd, [
    'lib library update "Team Docs" --name "Team Handbook"',
    'lib library update docs --description "Q3 reports"',
    'lib library update alice:eng-drive --sync-interval 60 --shared',
  ]);
}

export async function run(f: Factory, opts: UpdateOptions): Promise<void> {
  requireCapabilities(f, [
    ['libraries', 'changing libraries (it has one account-wide library)', true],
    ['remoteSync', 'sync intervals (--sync-interval)', opts.syncInterval],
    ['owner', 'the shared flag (--shared, --no-shared)', opts.shared !== undefined],
  ]);
  if (
    opts.name === undefined &&
    opts.description === undefined &&
    opts.syncInterval === undefined &&
    opts.shared === undefined
  ) {
    throw new UsageError('nothing to update: pass --name, --description, --sync-interval or --shared');
  }
  if (opts.name !== undefined) nonEmpty('--name', opts.name);
  const output = f.output();
  const provider = await f.provider();
  const library = await provider.resolveLibrary(opts.library);
  const updated = await need(
    provider,
    'updateLibrary',
    'changing libraries',
  )(library.id, {
    name: opts.name,
    description: opts.description,
    syncInterval: opts.syncInterval,
    shared: opts.shared,
  });
  await printOne(f.io, output, libraryDetail, updated);
}
