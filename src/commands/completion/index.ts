/**
 * `lib completion bash|zsh|fish` prints the shell's script (scripts.ts); the
 * hidden `lib __complete WORDS...` answers each TAB from the command tree
 * (complete.ts). main.ts hands `__complete` its words before commander parses
 * them (commander would take a `--profile` on the line for lib's own).
 */
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { write } from '../../output/io.js';
import { examples } from '../shared.js';
import { SHELLS } from './complete.js';
import { script, type Shell } from './scripts.js';

export const COMPLETE_COMMAND = '__complete';

/** How long a TAB waits for a remote provider's libraries or files (LIB_COMPLETE_TIMEOUT_MS overrides). */
export const LOOKUP_TIMEOUT_MS = 1500;

export function register(program: Command, f: Factory, runF = run): void {
  const cmd = program
    .command('completion')
    .description('Print the shell completion script for bash, zsh or fish')
    .argument('<shell>', SHELLS.join(', '))
    .action((shell: string) => runF(f, { shell, name: program.name() }));
  examples(cmd, [
    'lib completion bash > ~/.local/share/bash-completion/completions/lib',
    'lib completion zsh > "${fpath[1]}/_lib"',
    'lib completion fish > ~/.config/fish/completions/lib.fish',
  ]);
  program
    .command(COMPLETE_COMMAND, { hidden: true })
    .description('print what the shell may complete for the last word (used by the completion scripts)')
    .argument('[words...]')
    .allowUnknownOption()
    .helpOption(false)
    .action((words: string[] = []) => runComplete(f, program, words, () => {}));
}

export async function run(f: Factory, opts: { shell: string; name: string }): Promise<void> {
  if (!(SHELLS as readonly string[]).includes(opts.shell)) {
    throw new UsageError(`unsupported shell "${opts.shell}" (expected one of: ${SHELLS.join(', ')})`);
  }
  await write(f.io.out, script(opts.shell as Shell, opts.name));
}

/**
 * One TAB: the candidates on stdout, or nothing at all, whatever happens
 * (an unknown profile, an unreachable provider, a lookup past the deadline).
 * `abort` cancels the provider's requests when the deadline passes first;
 * `deadline` is injectable so tests need not wait.
 */
export async function runComplete(
  f: Factory,
  program: Command,
  words: string[],
  abort: () => void,
  deadline: () => Promise<void> = () => timer(lookupTimeoutMs(f.env)),
): Promise<void> {
  try {
    const { complete, factoryLookup, render } = await import('./complete.js');
    const completion = await complete(program, words, factoryLookup(f, deadline, abort));
    await write(f.io.out, render(completion));
  } catch {
    // Never fail loudly: a TAB that cannot be answered offers nothing.
  }
}

function lookupTimeoutMs(env: NodeJS.ProcessEnv): number {
  const value = Number(env.LIB_COMPLETE_TIMEOUT_MS);
  return env.LIB_COMPLETE_TIMEOUT_MS && Number.isFinite(value) && value >= 0 ? value : LOOKUP_TIMEOUT_MS;
}

/** Resolves after `ms`; unref'd, so a TAB answered sooner does not wait for it to exit. */
function timer(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
