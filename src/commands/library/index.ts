import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import * as create from './create.js';
import * as del from './delete.js';
import * as get from './get.js';
import * as list from './list.js';
import * as owner from './owner.js';
import * as sync from './sync.js';
import * as update from './update.js';

export function register(program: Command, f: Factory): void {
  const noun = program.command('library').description('Manage libraries');
  for (const verb of [list, get, create, update, del, owner, sync]) verb.register(noun, f);
}
