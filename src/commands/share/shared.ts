import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
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

/** Exactly one of --user, --workspace, --org. */
export function principalFrom(flags: PrincipalFlags): Principal {
  const given = (['user', 'workspace', 'org'] as PrincipalType[]).filter((t) => flags[t] !== undefined);
  if (given.length !== 1) throw new UsageError('name exactly one of --user, --workspace or --org');
  const type = given[0]!;
  const id = flags[type]!;
  if (id.trim() === '') throw new UsageError(`--${type} must not be empty`);
  return { type, id };
}
