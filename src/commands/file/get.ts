import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { printOne } from '../../output/render.js';
import { fileDetail } from '../../output/views.js';
import { examples } from '../shared.js';
import { libraryOption, resolveTarget } from './shared.js';

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = libraryOption(
    parent.command('get').alias('view').description('Show one file').argument('<file>', 'file id or unique name'),
  ).action((file: string, opts: { library?: string }) => runF(f, { file, library: opts.library }));
  examples(cmd, ['lib file get handbook.pdf --library docs', 'lib file get 7d1e... -l docs --json | jq .status']);
}

export async function run(f: Factory, opts: { file: string; library?: string }): Promise<void> {
  const output = f.output();
  const { file } = await resolveTarget(f, opts.library, opts.file);
  await printOne(f.io, output, fileDetail, file);
}
