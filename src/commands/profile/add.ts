import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { createFactory, type Factory } from '../../factory.js';
import { REGISTRY } from '../../providers/registry.js';
import { checkProfileName, checkProviderName, type Profile } from '../../config/profiles.js';
import { canPrompt } from '../../output/io.js';
import { readAll } from '../../output/prompt.js';
import { examples } from '../shared.js';

export interface AddOptions {
  name: string;
  provider: string;
  baseUrl?: string;
  orgId?: string;
  library?: string;
  use?: boolean;
  /** false with --no-verify: save the key without checking it. */
  verify?: boolean;
}

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = parent
    .command('add')
    .description('Save a profile; the API key is read from stdin or a hidden prompt, never from the command line')
    .argument('<name>', 'the profile name')
    .requiredOption('--provider <provider>', 'local, mistral, ai21 or hal')
    .option('--base-url <url>', "the API's base URL (default: the vendor's)")
    .option('--org-id <id>', 'organization id, where the provider has one')
    .option('--library <library>', 'the library file verbs use when --library is left out')
    .option('--use', 'make it the current profile')
    .option('--no-verify', 'save the key without checking it with one request')
    .action((name: string, opts: Omit<AddOptions, 'name'>) => runF(f, { ...opts, name }));
  examples(cmd, [
    'lib profile add work --provider mistral            # asks for the key',
    'lib profile add ci --provider mistral < key.txt',
    'lib profile add dev --provider mistral --base-url http://127.0.0.1:8700 --use < token.txt',
    'lib profile add docs --provider local --library handbook --use   # then: lib file list',
  ]);
}

export async function run(f: Factory, opts: AddOptions): Promise<void> {
  checkProfileName(opts.name);
  const provider = checkProviderName(opts.provider);
  if (opts.baseUrl !== undefined) checkUrl(opts.baseUrl);
  const profile: Profile = { provider };
  if (opts.baseUrl) profile.baseUrl = opts.baseUrl.replace(/\/+$/, '');
  if (opts.orgId) profile.orgId = opts.orgId;
  if (opts.library) profile.library = opts.library;
  if (provider !== 'local') {
    // Refused now, not at first use: a key must never go over plain http to another host.
    const base = profile.baseUrl ?? REGISTRY[provider].defaultBaseUrl;
    if (base && isPlainRemote(base)) {
      throw new UsageError(`refusing to save a key for plain http to ${new URL(base).hostname}; use https`);
    }
    profile.apiKey = await readKey(f, provider);
    if (opts.verify !== false) await verifyKey(f, profile);
  }
  const store = f.profiles();
  await store.add(opts.name, profile);
  if (opts.use) await store.use(opts.name);
  f.io.err.write(`Saved profile "${opts.name}" (${provider})${opts.use ? ', now in use' : ''}\n`);
}

async function readKey(f: Factory, provider: string): Promise<string> {
  const key = canPrompt(f.io) ? await f.prompter().secret(`${provider} API key:`) : await readAll(f.io.in);
  const trimmed = key.trim();
  if (!trimmed)
    throw new UsageError(`no API key given for ${provider}`, {
      hint: 'Pipe it in: lib profile add NAME --provider PROVIDER < key.txt',
    });
  if (/\s/.test(trimmed)) throw new UsageError('the API key must be a single line without spaces');
  return trimmed;
}

function checkUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`invalid --base-url "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`--base-url must be http(s), not ${url.protocol}`);
}

function isPlainRemote(base: string): boolean {
  const url = new URL(base);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host);
  return url.protocol === 'http:' && !loopback;
}

/** One cheap request with the new settings: a wrong key or URL is found now (exit 4 or 1), and nothing is saved. */
async function verifyKey(f: Factory, profile: Profile): Promise<void> {
  const probe = createFactory({
    version: f.version,
    io: f.io,
    signal: f.signal,
    clock: f.clock,
    env: {
      ...f.env,
      LIB_PROVIDER: profile.provider,
      LIB_BASE_URL: profile.baseUrl ?? '',
      LIB_API_KEY: profile.apiKey ?? '',
    },
  });
  probe.globals = { ...f.globals };
  try {
    const provider = await probe.provider();
    if (provider.whoami) await provider.whoami();
  } finally {
    await probe.close();
  }
}
