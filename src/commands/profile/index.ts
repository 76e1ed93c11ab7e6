import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import * as add from './add.js';
import * as list from './list.js';
import * as remove from './remove.js';
import * as show from './show.js';
import * as use from './use.js';

/** Registers the verbs on the noun's command (see ../nouns.ts for the noun itself). */
export function register(noun: Command, f: Factory): void {
  for (const verb of [list, show, add, use, remove]) verb.register(noun, f);
}
