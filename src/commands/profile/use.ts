import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { examples } from '../shared.js';

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = parent
    .command('use')
    .description('Make a profile the current one')
    .argument('<name>', 'the profile name (local is the built-in one)')
    .action((name: string) => runF(f, { name }));
  examples(cmd, ['lib profile use work', 'lib profile use local']);
}

export async function run(f: Factory, opts: { name: string }): Promise<void> {
  await f.profiles().use(opts.name);
  f.io.err.write(`Now using profile "${opts.name}"\n`);
}
