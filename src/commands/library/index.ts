import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import * as create from './create.js';
import * as del from './delete.js';
import * as get from './get.js';
import * as list from './list.js';
import * as owner from './owner.js';
import * as sync from './sync.js';
import * as update from './update.js';

/** Registers the verbs on the noun's command (see ../nouns.ts for the noun itself). */
export function register(noun: Command, f: Factory): void {
  for (const verb of [list, get, create, update, del, owner, sync]) verb.register(noun, f);
}
