import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { SHARE_LEVELS, type ShareLevel } from '../../model.js';
import { printOne } from '../../output/render.js';
import { shareList } from '../../output/views.js';
import { need } from '../../providers/types.js';
import { examples, quote, requireCapabilities } from '../shared.js';
import { type PrincipalFlags, principalFrom, principalOptions, requireSharingPrincipal } from './shared.js';

export interface PutOptions extends PrincipalFlags {
  library: string;
  level?: string;
}

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = principalOptions(
    parent
      .command('put')
      .alias('add')
      .description('Give a user, workspace or organization access to a library, or change its level')
      .argument('<library>', 'library id or unique name'),
  )
    .option('--level <level>', `${SHARE_LEVELS.join(' or ')}`)
    .action((library: string, opts: Omit<PutOptions, 'library'>) => runF(f, { ...opts, library }));
  examples(cmd, [
    'lib share put "Team Docs" --user 5b1f... --level viewer',
    'lib share put docs --workspace 9c2e... --level editor',
  ]);
}

export async function run(f: Factory, opts: PutOptions): Promise<void> {
  requireCapabilities(f, [['sharing', 'sharing', true]]);
  const principal = principalFrom(opts);
  requireSharingPrincipal(f, principal);
  if (!opts.level) throw new UsageError(`--level is required (${SHARE_LEVELS.join(' or ')})`);
  if (!(SHARE_LEVELS as readonly string[]).includes(opts.level)) {
    throw new UsageError(`invalid --level "${opts.level}" (expected ${SHARE_LEVELS.join(' or ')})`);
  }
  const output = f.output();
  const provider = await f.provider();
  const putShare = need(provider, 'putShare', 'sharing');
  const library = await provider.resolveLibrary(opts.library);
  const share = await putShare(library.id, principal, opts.level as ShareLevel);
  if (output.mode === 'human') {
    f.io.err.write(`Shared ${quote(library.name)} with ${principal.type} ${principal.id} as ${share.level}\n`);
  }
  await printOne(f.io, output, shareList, share);
}
