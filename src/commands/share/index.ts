import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import * as del from './delete.js';
import * as list from './list.js';
import * as put from './put.js';

export function register(program: Command, f: Factory): void {
  const noun = program.command('share').description('Manage who can see a library');
  for (const verb of [list, put, del]) verb.register(noun, f);
}
