import type { Command } from 'commander';
import { supportedBy } from '../../providers/registry.js';
import type { Factory } from '../../factory.js';
import { need } from '../../providers/types.js';
import { printOne } from '../../output/render.js';
import { libraryDetail } from '../../output/views.js';
import { examples, requireCapabilities } from '../shared.js';

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = parent
    .command('owner')
    .description(`Show or change a library's owner (${supportedBy('owner')})`)
    .argument('<library>', 'library id, unique name or owner:slug')
    .option('--set <owner>', 'the new owner: a user, or a team as team:NAME')
    .action((library: string, opts: { set?: string }) => runF(f, { library, set: opts.set }));
  examples(cmd, ['lib library owner alice:handbook', 'lib library owner alice:handbook --set team:data-science']);
}

export async function run(f: Factory, opts: { library: string; set?: string }): Promise<void> {
  requireCapabilities(f, [['owner', 'library owners', true]]);
  const output = f.output();
  const provider = await f.provider();
  const setOwner = need(provider, 'setOwner', 'library owners');
  const library = await provider.resolveLibrary(opts.library);
  const result = opts.set ? await setOwner(library.id, opts.set) : library;
  await printOne(
    f.io,
    output,
    {
      ...libraryDetail,
      columns: libraryDetail.columns.filter((c) => ['id', 'name', 'naturalId', 'owner'].includes(c.header)),
    },
    result,
  );
}
