import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { write } from '../../output/io.js';
import { need } from '../../providers/types.js';
import { confirm, examples, quote, requireCapabilities } from '../shared.js';
import { type PrincipalFlags, principalFrom, principalOptions, requireSharingPrincipal } from './shared.js';

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = principalOptions(
    parent
      .command('delete')
      .alias('rm')
      .description("Remove a user's, workspace's or organization's access to a library")
      .argument('<library>', 'library id or unique name'),
  ).action((library: string, opts: PrincipalFlags) => runF(f, { ...opts, library }));
  examples(cmd, ['lib share delete "Team Docs" --user 5b1f...', 'lib share delete docs --workspace 9c2e... -y']);
}

export async function run(f: Factory, opts: PrincipalFlags & { library: string }): Promise<void> {
  requireCapabilities(f, [['sharing', 'sharing', true]]);
  const principal = principalFrom(opts);
  requireSharingPrincipal(f, principal);
  const output = f.output();
  const provider = await f.provider();
  const deleteShare = need(provider, 'deleteShare', 'sharing');
  const library = await provider.resolveLibrary(opts.library);
  await confirm(f, `Remove ${principal.type} ${principal.id}'s access to ${quote(library.name)}?`);
  await deleteShare(library.id, principal);
  if (output.mode === 'json' || output.mode === 'ndjson') {
    await write(
      f.io.out,
      JSON.stringify({
        libraryId: library.id,
        principalType: principal.type,
        principalId: principal.id,
        deleted: true,
      }) + '\n',
    );
  } else {
    f.io.err.write(`Removed ${principal.type} ${principal.id}'s access to ${quote(library.name)}\n`);
  }
}
