import type { Command } from 'commander';
import { need } from '../../providers/types.js';
import { supportedBy } from '../../providers/registry.js';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { canPrompt } from '../../output/io.js';
import { printOne } from '../../output/render.js';
import { libraryDetail } from '../../output/views.js';
import { examples, nonEmpty, positiveInt, quote, requireCapabilities } from '../shared.js';

export interface CreateOptions {
  name: string;
  description?: string;
  chunkSize?: number;
  type?: string;
  data?: string;
  shared?: boolean;
  clientId?: string;
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
    .option('--shared', `mark the library shared (${supportedBy('owner')})`)
    .option(
      '--client-id <id>',
      `a cloud type's OAuth client id; the client secret is read from stdin or a hidden prompt (${supportedBy('libraryTypes')})`,
    )
    .action((name: string, opts: Omit<CreateOptions, 'name'>) => runF(f, { ...opts, name }));
  examples(cmd, [
    'lib library create "Team Docs" --description "Handbooks and policies"',
    'id=$(lib library create reports -q)',
    'lib library create "Eng Drive" --type google-drive --data \'{"folderId":"eng"}\' --client-id 123.apps < secret.txt',
  ]);
}

export async function run(f: Factory, opts: CreateOptions): Promise<void> {
  requireCapabilities(f, [
    ['libraries', 'creating libraries (it has one account-wide library)', true],
    ['libraryTypes', 'library types (--type)', opts.type],
    ['libraryTypes', 'driver settings (--data)', opts.data],
    ['libraryTypes', 'integration clients (--client-id)', opts.clientId],
    ['owner', 'the shared flag (--shared)', opts.shared],
  ]);
  if (opts.clientId !== undefined && (opts.type === undefined || opts.type === 'local')) {
    throw new UsageError('--client-id is for cloud library types (--type google-drive, onedrive, sharepoint, dropbox)');
  }
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
  const clientSecret = opts.clientId !== undefined ? await readClientSecret(f) : undefined;
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
    shared: opts.shared,
    clientId: opts.clientId,
    clientSecret,
  });
  if (output.mode === 'human') f.io.err.write(`Created library ${quote(library.name)} (${library.id})\n`);
  await printOne(f.io, output, libraryDetail, library);
}

/** The client secret goes with --client-id: from a hidden prompt on a terminal, else stdin; never from argv. */
async function readClientSecret(f: Factory): Promise<string> {
  let secret: string;
  if (canPrompt(f.io)) secret = await f.prompter().secret('client secret:');
  else {
    const chunks: Buffer[] = [];
    for await (const chunk of f.io.in) chunks.push(Buffer.from(chunk as Buffer));
    secret = Buffer.concat(chunks).toString('utf8');
  }
  secret = secret.trim();
  if (secret === '') {
    throw new UsageError('--client-id needs its client secret on stdin or at the prompt', {
      hint: 'lib library create NAME --type google-drive --client-id ID < secret.txt',
    });
  }
  return secret;
}
