import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { printOne } from '../../output/render.js';
import { fileStatus } from '../../output/views.js';
import { need } from '../../providers/types.js';
import { confirm, examples, quote, requireCapabilities } from '../shared.js';
import { libraryOption, resolveTarget } from './shared.js';

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = libraryOption(
    parent
      .command('reprocess')
      .description('Process a file again (mistral bills processing again)')
      .argument('<file>', 'file id or unique name'),
  ).action((file: string, opts: { library?: string }) => runF(f, { file, library: opts.library }));
  examples(cmd, [
    'lib file reprocess report.pdf --library docs',
    'lib file reprocess report.pdf -l docs -y && lib file wait report.pdf -l docs',
  ]);
}

export async function run(f: Factory, opts: { file: string; library?: string }): Promise<void> {
  requireCapabilities(f, [['reprocess', 'reprocessing', true]]);
  const output = f.output();
  const { provider, library, file } = await resolveTarget(f, opts.library, opts.file);
  const reprocess = need(provider, 'reprocessFile', 'reprocessing');
  await confirm(f, `Reprocess ${quote(file.name)}? The provider may bill processing again`);
  await reprocess(library.id, file.id);
  if (output.mode === 'human') f.io.err.write(`Reprocessing ${quote(file.name)} (${file.id})\n`);
  await printOne(f.io, output, fileStatus, await provider.fileStatus(library.id, file.id));
}
