import { withoutPassword } from '../../urls.js';
import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { maskSecret } from '../../output/format.js';
import { printList, type View } from '../../output/render.js';
import { examples } from '../shared.js';

export interface ProfileRow {
  name: string;
  provider: string;
  baseUrl: string | null;
  apiKey: string | null;
  orgId: string | null;
  current: boolean;
}

const view: View<ProfileRow> = {
  id: (p) => p.name,
  columns: [
    { header: 'name', value: (p) => (p.current ? `${p.name} *` : p.name) },
    { header: 'provider', value: (p) => p.provider },
    { header: 'baseUrl', value: (p) => p.baseUrl },
    { header: 'apiKey', value: (p) => p.apiKey },
  ],
};

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = parent
    .command('list')
    .alias('ls')
    .description('List profiles (* marks the current one)')
    .action(() => runF(f));
  examples(cmd, ['lib profile list', 'lib profile list --json']);
}

export async function run(f: Factory): Promise<void> {
  const output = f.output();
  const rows: ProfileRow[] = f
    .profiles()
    .list()
    .map(({ name, profile, current }) => ({
      name,
      provider: profile.provider,
      baseUrl: profile.baseUrl ? withoutPassword(profile.baseUrl) : null,
      apiKey: profile.apiKey ? maskSecret(profile.apiKey) : null,
      orgId: profile.orgId ?? null,
      current,
    }));
  await printList(f.io, output, view, rows);
}
