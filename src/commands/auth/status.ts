import type { Command } from 'commander';
import type { Sourced } from '../../config/resolve.js';
import type { Factory } from '../../factory.js';
import { maskSecret } from '../../output/format.js';
import { printOne, type View } from '../../output/render.js';
import { need } from '../../providers/types.js';
import { withoutPassword } from '../../urls.js';
import { examples } from '../shared.js';

interface Status {
  provider: string;
  profile: string;
  baseUrl: string | null;
  apiKey: string | null;
  /** Where the key came from: a variable, a profile, or nowhere. */
  apiKeyFrom: string | null;
  userId: string | null;
  userName: string | null;
}

const view: View<Status> = {
  id: (s) => s.userId ?? s.profile,
  columns: [
    { header: 'provider', value: (s) => s.provider },
    { header: 'profile', value: (s) => s.profile },
    { header: 'baseUrl', value: (s) => s.baseUrl },
    { header: 'apiKey', value: (s) => (s.apiKey ? `${s.apiKey} (${s.apiKeyFrom})` : null) },
    { header: 'user', value: (s) => (s.userId ? `${s.userName} (${s.userId})` : 'not told by this API') },
  ],
};

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = parent
    .command('status')
    .alias('whoami')
    .description('Check the key with one request, and show whose it is, where it came from and where it goes')
    .action(() => runF(f));
  examples(cmd, ['lib auth status', 'lib --profile work auth whoami --json | jq -r .userId']);
}

function from(s: Sourced<string> | null): string | null {
  if (!s) return null;
  return s.source === 'profile' ? `profile ${s.from}` : s.from;
}

export async function run(f: Factory): Promise<void> {
  const output = f.output();
  const eff = f.effective();
  const provider = await f.provider();
  // One cheap request: a wrong key fails here (exit 4), before anyone relies on it.
  const { user } = await need(provider, 'whoami', 'checking the key')();
  const status: Status = {
    provider: eff.provider.value,
    profile: eff.profile.value,
    baseUrl: eff.provider.value === 'local' ? null : eff.baseUrl ? withoutPassword(eff.baseUrl.value) : null,
    apiKey: eff.provider.value === 'local' ? null : eff.apiKey ? maskSecret(eff.apiKey.value) : null,
    apiKeyFrom: eff.provider.value === 'local' ? null : from(eff.apiKey),
    userId: user?.id ?? null,
    userName: user?.name ?? null,
  };
  await printOne(f.io, output, view, status);
}
