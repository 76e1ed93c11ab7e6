import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { confirm, examples } from '../shared.js';

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = parent
    .command('remove')
    .alias('rm')
    .description('Remove a saved profile and its key')
    .argument('<name>', 'the profile name')
    .action((name: string) => runF(f, { name }));
  examples(cmd, ['lib profile remove old', 'lib profile remove ci -y']);
}

export async function run(f: Factory, opts: { name: string }): Promise<void> {
  const store = f.profiles();
  store.get(opts.name);
  await confirm(f, `Remove profile "${opts.name}" and its saved key?`);
  await store.remove(opts.name);
  f.io.err.write(`Removed profile "${opts.name}"\n`);
}
