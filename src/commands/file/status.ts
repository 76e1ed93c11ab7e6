import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { printOne } from '../../output/render.js';
import { fileStatus } from '../../output/views.js';
import { examples } from '../shared.js';
import { libraryOption, resolveTarget } from './shared.js';

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = libraryOption(
    parent
      .command('status')
      .description("Show a file's processing status")
      .argument('<file>', 'file id or unique name'),
  ).action((file: string, opts: { library?: string }) => runF(f, { file, library: opts.library }));
  examples(cmd, [
    'lib file status handbook.pdf --library docs',
    'lib file status handbook.pdf -l docs --json | jq -r .status',
  ]);
}

export async function run(f: Factory, opts: { file: string; library?: string }): Promise<void> {
  const output = f.output();
  const { provider, library, file } = await resolveTarget(f, opts.library, opts.file);
  await printOne(f.io, output, fileStatus, await provider.fileStatus(library.id, file.id));
}
