import { withoutPassword } from '../../urls.js';
import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import type { Sourced } from '../../config/resolve.js';
import { maskSecret } from '../../output/format.js';
import { printOne, type View } from '../../output/render.js';
import { examples } from '../shared.js';

interface Shown {
  profile: string;
  provider: string;
  baseUrl: string | null;
  apiKey: string | null;
  orgId: string | null;
  sources: Record<string, string>;
  configFile: string;
  dataDir: string;
}

const view: View<Shown> = {
  id: (s) => s.profile,
  columns: [
    { header: 'profile', value: (s) => `${s.profile} (${s.sources.profile})` },
    { header: 'provider', value: (s) => `${s.provider} (${s.sources.provider})` },
    { header: 'baseUrl', value: (s) => (s.baseUrl ? `${s.baseUrl} (${s.sources.baseUrl})` : null) },
    { header: 'apiKey', value: (s) => (s.apiKey ? `${s.apiKey} (${s.sources.apiKey})` : null) },
    { header: 'orgId', value: (s) => s.orgId },
    { header: 'configFile', value: (s) => s.configFile },
    { header: 'dataDir', value: (s) => s.dataDir },
  ],
};

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = parent
    .command('show')
    .description('Show the settings in effect, and where each comes from')
    .argument('[name]', 'a profile (default: the one in effect)')
    .action((name: string | undefined) => runF(f, { name }));
  examples(cmd, ['lib profile show', 'MISTRAL_API_KEY=... lib profile show work']);
}

function describe(s: Sourced<string> | null): string {
  if (!s) return '';
  return s.source === 'default' ? 'default' : s.source === 'profile' ? `profile ${s.from}` : s.from;
}

/** Where the profile itself was chosen: --profile, LIB_PROFILE, `lib profile use` (the config file), or the default. */
function describeProfile(s: Sourced<string>): string {
  return s.source === 'profile' ? 'lib profile use' : describe(s);
}

export async function run(f: Factory, opts: { name?: string }): Promise<void> {
  const output = f.output();
  if (opts.name) {
    f.profiles().get(opts.name); // an unknown name is "not found" (exit 3), as for `lib profile use`
    f.globals.profile = opts.name;
  }
  const eff = f.effective();
  const shown: Shown = {
    profile: eff.profile.value,
    provider: eff.provider.value,
    baseUrl: eff.baseUrl ? withoutPassword(eff.baseUrl.value) : null,
    apiKey: eff.apiKey ? maskSecret(eff.apiKey.value) : null,
    orgId: eff.orgId?.value ?? null,
    sources: {
      profile: opts.name ? 'argument' : describeProfile(eff.profile),
      provider: describe(eff.provider),
      baseUrl: describe(eff.baseUrl),
      apiKey: describe(eff.apiKey),
    },
    configFile: f.profiles().path,
    dataDir: f.paths().dataDir,
  };
  await printOne(f.io, output, view, shown);
}
