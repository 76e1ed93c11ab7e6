import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { write } from '../../output/io.js';
import { packageRoot } from '../../version.js';
import { examples } from '../shared.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;

export function register(program: Command, f: Factory, runF = run): void {
  const cmd = program
    .command('completion')
    .description('Print the shell completion script for bash, zsh or fish')
    .argument('<shell>', SHELLS.join(', '))
    .action((shell: string) => runF(f, { shell }));
  examples(cmd, [
    'lib completion bash > ~/.local/share/bash-completion/completions/lib',
    'lib completion zsh > "${fpath[1]}/_lib"',
    'lib completion fish > ~/.config/fish/completions/lib.fish',
  ]);
}

export async function run(f: Factory, opts: { shell: string }): Promise<void> {
  if (!(SHELLS as readonly string[]).includes(opts.shell)) {
    throw new UsageError(`unsupported shell "${opts.shell}" (expected one of: ${SHELLS.join(', ')})`);
  }
  // The scripts live in completions/ at the package root, beside dist/.
  const file = path.join(packageRoot(), 'completions', `lib.${opts.shell}`);
  await write(f.io.out, fs.readFileSync(file, 'utf8'));
}
