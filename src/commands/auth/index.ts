import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import * as status from './status.js';

/** Registers the verbs on the noun's command (see ../nouns.ts for the noun itself). */
export function register(noun: Command, f: Factory): void {
  status.register(noun, f);
}
