import type { Command } from 'commander';
import { need } from '../../providers/types.js';
import type { Factory } from '../../factory.js';
import { printOne } from '../../output/render.js';
import { libraryDetail } from '../../output/views.js';
import { confirm, examples, quote, requireCapabilities } from '../shared.js';

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = parent
    .command('delete')
    .alias('rm')
    .description('Delete a library with all its files and shares')
    .argument('<library>', 'library id or unique name')
    .action((library: string) => runF(f, { library }));
  examples(cmd, ['lib library delete "Old Docs"', 'lib library delete 0f3c... -y']);
}

export async function run(f: Factory, opts: { library: string }): Promise<void> {
  requireCapabilities(f, [['libraries', 'deleting libraries (it has one account-wide library)', true]]);
  const output = f.output();
  const provider = await f.provider();
  const library = await provider.resolveLibrary(opts.library);
  const count = library.documents === null ? '' : ` and its ${library.documents} file(s)`;
  await confirm(f, `Delete library ${quote(library.name)}${count}?`);
  await need(provider, 'deleteLibrary', 'deleting libraries')(library.id);
  if (output.mode === 'human' && !output.raw) {
    f.io.err.write(`Deleted library ${quote(library.name)} (${library.id})\n`);
  } else {
    await printOne(f.io, output, libraryDetail, library);
  }
}
