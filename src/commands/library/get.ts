import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { printOne } from '../../output/render.js';
import { libraryDetail } from '../../output/views.js';
import { REGISTRY } from '../../providers/registry.js';
import { examples } from '../shared.js';

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = parent
    .command('get')
    .alias('view')
    .description('Show one library')
    .argument('<library>', 'library id or unique name')
    .action((library: string) => runF(f, { library }));
  examples(cmd, ['lib library get "Team Docs"', 'lib library get 0f3c... --json']);
}

export async function run(f: Factory, opts: { library: string }): Promise<void> {
  const output = f.output();
  const provider = await f.provider();
  let library = await provider.resolveLibrary(opts.library);
  if (REGISTRY[f.effective().provider.value].capabilities.libraries === 'one') {
    // One account-wide library (ai21) is counted from its listing, only where it is shown (list, get):
    // resolving it for a file verb costs no request.
    for await (const counted of provider.listLibraries({ limit: 1 })) library = counted;
  }
  await printOne(f.io, output, libraryDetail, library);
}
