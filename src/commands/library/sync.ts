import type { Command } from 'commander';
import { supportedBy } from '../../providers/registry.js';
import type { Factory } from '../../factory.js';
import { need } from '../../providers/types.js';
import { printOne } from '../../output/render.js';
import { libraryDetail } from '../../output/views.js';
import { examples, requireCapabilities } from '../shared.js';

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = parent
    .command('sync')
    .description(`Trigger a library's sync with its source (${supportedBy('remoteSync')})`)
    .argument('<library>', 'library id, unique name or owner:slug')
    .action((library: string) => runF(f, { library }));
  examples(cmd, ['lib library sync alice:handbook']);
}

export async function run(f: Factory, opts: { library: string }): Promise<void> {
  requireCapabilities(f, [['remoteSync', 'library sync', true]]);
  const output = f.output();
  const provider = await f.provider();
  const sync = need(provider, 'syncLibrary', 'library sync');
  const library = await provider.resolveLibrary(opts.library);
  await printOne(f.io, output, libraryDetail, await sync(library.id));
}
