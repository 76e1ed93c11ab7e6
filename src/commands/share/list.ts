import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { printList } from '../../output/render.js';
import { shareList } from '../../output/views.js';
import { need } from '../../providers/types.js';
import { examples, requireCapabilities } from '../shared.js';

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = parent
    .command('list')
    .alias('ls')
    .description('List who can see a library, and at what level')
    .argument('<library>', 'library id or unique name')
    .action((library: string) => runF(f, { library }));
  examples(cmd, [
    'lib share list "Team Docs"',
    'lib share list docs --json | jq -r ".[] | select(.level==\\"editor\\") | .principalId"',
  ]);
}

export async function run(f: Factory, opts: { library: string }): Promise<void> {
  requireCapabilities(f, [['sharing', 'sharing', true]]);
  const output = f.output();
  const provider = await f.provider();
  const listShares = need(provider, 'listShares', 'sharing');
  const library = await provider.resolveLibrary(opts.library);
  await printList(f.io, output, shareList, await listShares(library.id));
}
