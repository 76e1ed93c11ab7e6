/**
 * The nouns with verbs, as root help lists them, and how to load each one.
 * `lib file upload ...` loads only the file noun's modules; the others are
 * registered as bare names (enough for root help and "did you mean"), so
 * start-up does not pay for commands that do not run.
 */
import type { Command } from 'commander';
import type { Factory } from '../factory.js';

export interface Noun {
  name: string;
  alias?: string;
  description: string;
  load(): Promise<{ register(noun: Command, f: Factory): void }>;
}

export const NOUNS: readonly Noun[] = [
  { name: 'library', description: 'Manage libraries', load: () => import('./library/index.js') },
  {
    name: 'file',
    alias: 'doc',
    description: 'Manage the files (documents) in a library',
    load: () => import('./file/index.js'),
  },
  { name: 'share', description: 'Manage who can see a library', load: () => import('./share/index.js') },
  {
    name: 'auth',
    description: 'Check the key in use and whose it is',
    load: () => import('./auth/index.js'),
  },
  {
    name: 'profile',
    description: 'Manage profiles: which provider, where, with which key',
    load: () => import('./profile/index.js'),
  },
];

/** The noun command itself, with its name, alias and description from the table. */
export function nounCommand(program: Command, noun: Noun): Command {
  const cmd = program.command(noun.name).description(noun.description);
  if (noun.alias) cmd.alias(noun.alias);
  return cmd;
}

/**
 * The nouns an argv needs loaded: the one it names (also after `help`), none
 * for root help, the version or an unknown word. `valueOptions` are the global
 * options that take a separate value, so `--profile file` is not the noun.
 */
export function nounsFor(argv: readonly string[], valueOptions: readonly string[]): Noun[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const word = argv[i]!;
    if (word === '--') break;
    if (word.startsWith('-')) {
      if (valueOptions.includes(word)) i++;
      continue;
    }
    words.push(word);
  }
  const word = words[0] === 'help' ? words[1] : words[0];
  return word === undefined ? [] : NOUNS.filter((n) => n.name === word || n.alias === word);
}
