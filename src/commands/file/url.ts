import type { Command } from 'commander';
import { supportedBy } from '../../providers/registry.js';
import type { Factory } from '../../factory.js';
import { write } from '../../output/io.js';
import { need } from '../../providers/types.js';
import { examples, requireCapabilities } from '../shared.js';
import { libraryOption, resolveTarget } from './shared.js';

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = libraryOption(
    parent
      .command('url')
      .description(`Print a signed URL for downloading a file (${supportedBy('signedUrls')})`)
      .argument('<file>', 'file id or unique name'),
  )
    .option('--extracted', "the URL of the file's extracted text instead")
    .action((file: string, opts: { library?: string; extracted?: boolean }) => runF(f, { file, ...opts }));
  examples(cmd, [
    'lib file url report.pdf --library docs',
    'curl -sL "$(lib file url report.pdf -l docs --extracted)"',
  ]);
}

export async function run(f: Factory, opts: { file: string; library?: string; extracted?: boolean }): Promise<void> {
  requireCapabilities(f, [['signedUrls', 'signed URLs', true]]);
  const output = f.output();
  const { provider, library, file } = await resolveTarget(f, opts.library, opts.file);
  const url = await need(provider, 'fileUrl', 'signed URLs')(library.id, file.id, { extracted: opts.extracted });
  const line = output.mode === 'json' || output.mode === 'ndjson' ? JSON.stringify({ id: file.id, url }) : url;
  await write(f.io.out, line + '\n');
}
