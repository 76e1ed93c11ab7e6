import type { Command } from 'commander';
import { need } from '../../providers/types.js';
import { supportedBy } from '../../providers/registry.js';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { printOne } from '../../output/render.js';
import { libraryDetail } from '../../output/views.js';
import { examples, nonEmpty, positiveInt, quote, requireCapabilities } from '../shared.js';

export interface CreateOptions {
  name: string;
  description?: string;
  chunkSize?: number;
  type?: string;
  data?: string;
}

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = parent
    .command('create')
    .description('Create a library')
    .argument('<name>', 'the library name (unique among your libraries)')
    .option('--description <text>', 'what the library holds')
    .option('--chunk-size <n>', 'chunk size in characters (mistral: 256 to 32768)', positiveInt('--chunk-size'))
    .option('--type <driver>', `driver type (${supportedBy('libraryTypes')})`)
    .option('--data <json>', `driver settings as a JSON object (${supportedBy('libraryTypes')})`)
    .action((name: string, opts: Omit<CreateOptions, 'name'>) => runF(f, { ...opts, name }));
  examples(cmd, [
    'lib library create "Team Docs" --description "Handbooks and policies"',
    'id=$(lib library create reports -q)',
  ]);
}

export async function run(f: Factory, opts: CreateOptions): Promise<void> {
  requireCapabilities(f, [
    ['libraries', 'creating libraries (it has one account-wide library)', true],
    ['libraryTypes', 'library types (--type)', opts.type],
    ['libraryTypes', 'driver settings (--data)', opts.data],
  ]);
  const name = nonEmpty('the library name', opts.name);
  let data: Record<string, unknown> | undefined;
  if (opts.data !== undefined) {
    try {
      data = JSON.parse(opts.data) as Record<string, unknown>;
    } catch {
      throw new UsageError('--data must be a JSON object');
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw new UsageError('--data must be a JSON object');
  }
  const output = f.output();
  const provider = await f.provider();
  const library = await need(
    provider,
    'createLibrary',
    'creating libraries',
  )({
    name,
    description: opts.description,
    chunkSize: opts.chunkSize,
    type: opts.type,
    data,
  });
  if (output.mode === 'human') f.io.err.write(`Created library ${quote(library.name)} (${library.id})\n`);
  await printOne(f.io, output, libraryDetail, library);
}
