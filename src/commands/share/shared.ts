import type { Command } from 'commander';
import { UnsupportedError, UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { REGISTRY } from '../../providers/registry.js';
import type { PrincipalType } from '../../model.js';
import type { Principal } from '../../providers/types.js';

export interface PrincipalFlags {
  user?: string;
  workspace?: string;
  org?: string;
}

export function principalOptions(cmd: Command): Command {
  return cmd
    .option('--user <id>', 'a user')
    .option('--workspace <id>', 'a workspace')
    .option('--org <id>', 'an organization');
}

/** The principal types the provider shares with, from the registry, before any request. */
export function requireSharingPrincipal(f: Factory, principal: Principal): void {
  const provider = f.effective().provider.value;
  const sharing = REGISTRY[provider].capabilities.sharing;
  if (sharing && !sharing.principals.includes(principal.type)) {
    throw new UnsupportedError(
      `the ${provider} provider shares with ${sharing.principals.map((p) => `--${p}`).join(', ')} only, not --${principal.type}`,
    );
  }
}

/** Exactly one of --user, --workspace, --org. */
export function principalFrom(flags: PrincipalFlags): Principal {
  const given = (['user', 'workspace', 'org'] as PrincipalType[]).filter((t) => flags[t] !== undefined);
  if (given.length !== 1) throw new UsageError('name exactly one of --user, --workspace or --org');
  const type = given[0]!;
  const id = flags[type]!;
  if (id.trim() === '') throw new UsageError(`--${type} must not be empty`);
  return { type, id };
}
