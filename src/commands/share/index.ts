import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import * as del from './delete.js';
import * as list from './list.js';
import * as put from './put.js';

/** Registers the verbs on the noun's command (see ../nouns.ts for the noun itself). */
export function register(noun: Command, f: Factory): void {
  for (const verb of [list, put, del]) verb.register(noun, f);
}
