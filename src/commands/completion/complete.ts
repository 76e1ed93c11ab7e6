/**
 * `lib __complete WORD... CURRENT`: what the shell may offer for the word
 * being completed (the last, possibly empty), read from the commander tree
 * itself, so every verb, alias and flag is known the moment it is registered
 * (the scripts `lib completion bash|zsh|fish` prints hold no tree of their
 * own). It prints one candidate a line, `value<TAB>description` where there
 * is one, then a last line that says what the shell adds itself:
 *
 *   :none   nothing more (the candidates, or nothing at all)
 *   :files  the local paths (upload's arguments, -o, --token-file, --input)
 *   :dirs   the local directories (serve --data, --drive-root)
 *
 * The rules: a flag that takes a value is followed by its value, never by a
 * noun, a verb or a file; values lib can know are offered (profiles, the
 * current provider's libraries and the files of the -l library, the status
 * words, share levels and provider names, a flag's declared choices); values
 * it cannot know (text, ids, JSON) get nothing, which beats something wrong.
 *
 * It never fails loudly: any error, and any lookup slower than the deadline
 * (a remote provider that does not answer), prints nothing and exits 0.
 */
import type { Argument, Command, Option } from 'commander';
import type { Factory } from '../../factory.js';
import { SHARE_LEVELS, STATUSES } from '../../model.js';
import { PROVIDER_NAMES } from '../../providers/registry.js';

export interface Candidate {
  value: string;
  description?: string;
}

export type Directive = 'none' | 'files' | 'dirs';

export interface Completion {
  candidates: Candidate[];
  directive: Directive;
}

/** What a value is, so the engine knows what to offer for it. */
type Kind =
  | { type: 'none' }
  | { type: 'words'; words: readonly string[] }
  | { type: 'files' }
  | { type: 'dirs' }
  | { type: 'profiles' }
  | { type: 'libraries' }
  | { type: 'remote-files' };

/** What the line says that the lookups need: the --profile and --library given on it. */
export interface LineContext {
  profile?: string;
  library?: string;
}

/** What the dynamic kinds need: the profiles, the current provider's libraries and files. */
export interface Lookup {
  profiles(): Candidate[];
  libraries(line: LineContext): Promise<Candidate[]>;
  /** Files of the line's --library, else of the default library. */
  files(line: LineContext): Promise<Candidate[]>;
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

/** How many libraries or files a lookup lists: enough to choose from, few enough to be quick. */
export const LOOKUP_LIMIT = 200;

const NONE: Kind = { type: 'none' };

/** The value of an option, by its long name (and where it sits in the tree). */
function optionKind(option: Option, path: string[]): Kind {
  if (option.argChoices?.length) return { type: 'words', words: option.argChoices };
  switch (option.long) {
    case '--profile':
      return { type: 'profiles' };
    case '--library':
      // `profile add --library` names a library of the profile being made, not of the current provider.
      return path[0] === 'profile' ? NONE : { type: 'libraries' };
    case '--status':
      return { type: 'words', words: STATUSES };
    case '--level':
      return { type: 'words', words: SHARE_LEVELS };
    case '--provider':
      return { type: 'words', words: PROVIDER_NAMES };
    case '--output':
    case '--token-file':
    case '--input':
      return { type: 'files' };
    case '--data':
      // serve's store directory; library create's --data is JSON.
      return path[0] === 'serve' ? { type: 'dirs' } : NONE;
    case '--drive-root':
      return { type: 'dirs' };
    default:
      return NONE;
  }
}

/** The value of a positional argument, by its name (and where it sits). */
function argumentKind(arg: Argument, path: string[]): Kind {
  switch (arg.name()) {
    case 'library':
      return { type: 'libraries' };
    case 'file':
    case 'files':
      return path[0] === 'file' ? { type: 'remote-files' } : { type: 'files' };
    case 'path':
    case 'paths':
      return { type: 'files' };
    case 'dir':
    case 'dirs':
    case 'directory':
      return { type: 'dirs' };
    case 'shell':
      return { type: 'words', words: SHELLS };
    case 'name':
      // The profile verbs that take an existing profile's name (not add, which makes one).
      return path[0] === 'profile' && path[1] !== 'add' ? { type: 'profiles' } : NONE;
    default:
      return arg.argChoices?.length ? { type: 'words', words: arg.argChoices } : NONE;
  }
}

const takesValue = (o: Option) => o.required || o.optional;

function findCommand(cmd: Command, word: string): Command | undefined {
  return cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
}

function isHidden(cmd: Command): boolean {
  return Boolean((cmd as unknown as { _hidden?: boolean })._hidden);
}

/**
 * The options in force at `chain`'s last command: its own first, then every
 * ancestor's (the global options); --version only where it means something, at the root.
 */
function optionsOf(chain: Command[]): Option[] {
  return [...chain]
    .reverse()
    .flatMap((c) => c.options.filter((o) => !o.hidden && (chain.length === 1 || o.long !== '--version')));
}

function findOption(chain: Command[], word: string): Option | undefined {
  return optionsOf(chain).find((o) => o.long === word || o.short === word);
}

/** Read the words before the current one: the command they name, its positionals, the flag values given. */
interface Parsed {
  chain: Command[];
  path: string[];
  positionals: string[];
  /** Values given so far, by long flag (--profile, --library). */
  values: Map<string, string>;
  /** The option whose value is the current word, if any. */
  pending?: Option;
}

function parse(program: Command, before: string[]): Parsed {
  const chain = [program];
  const path: string[] = [];
  const positionals: string[] = [];
  const values = new Map<string, string>();
  let pending: Option | undefined;
  let dashdash = false;
  for (let i = 0; i < before.length; i++) {
    const word = before[i]!;
    const cmd = chain[chain.length - 1]!;
    if (!dashdash && word === '--') {
      dashdash = true;
      continue;
    }
    if (!dashdash && word.startsWith('-') && word !== '-') {
      const eq = word.indexOf('=');
      const option = findOption(chain, eq > 0 ? word.slice(0, eq) : word);
      if (!option || !takesValue(option)) continue;
      if (eq > 0) {
        values.set(option.long ?? option.short!, word.slice(eq + 1));
        continue;
      }
      // bash splits `--library=x` at the =: the value is the word after it.
      if (before[i + 1] === '=') i++;
      if (i + 1 >= before.length) pending = option;
      else values.set(option.long ?? option.short!, before[++i]!);
      continue;
    }
    const sub = positionals.length === 0 && cmd.commands.length > 0 ? findCommand(cmd, word) : undefined;
    if (sub) {
      chain.push(sub);
      path.push(sub.name());
    } else positionals.push(word);
  }
  return { chain, path, positionals, values, pending };
}

/** What to offer for the last word of `words` (the words after `lib`). */
export async function complete(program: Command, words: string[], lookup: Lookup): Promise<Completion> {
  const current = words.length ? words[words.length - 1]! : '';
  const before = words.slice(0, -1);
  const parsed = parse(program, before);
  const { chain, path, positionals } = parsed;
  const cmd = chain[chain.length - 1]!;
  const line: LineContext = { profile: parsed.values.get('--profile'), library: parsed.values.get('--library') };

  const offer = async (kind: Kind, prefix = '', typed = current): Promise<Completion> => {
    const candidates = await valuesOf(kind, lookup, line);
    if (kind.type === 'files' || kind.type === 'dirs') return { candidates: [], directive: kind.type };
    return {
      candidates: candidates.filter((c) => c.value.startsWith(typed)).map((c) => ({ ...c, value: prefix + c.value })),
      directive: 'none',
    };
  };

  if (parsed.pending) return offer(optionKind(parsed.pending, path));
  const eq = current.indexOf('=');
  if (current.startsWith('--') && eq > 0) {
    // `--library=Te`: the value after the =, offered with its flag.
    const option = findOption(chain, current.slice(0, eq));
    if (!option || !takesValue(option)) return { candidates: [], directive: 'none' };
    return offer(optionKind(option, path), current.slice(0, eq + 1), current.slice(eq + 1));
  }
  if (current.startsWith('-')) {
    const flags: Candidate[] = [];
    for (const o of optionsOf(chain)) {
      for (const flag of [o.long, o.short]) if (flag) flags.push({ value: flag, description: o.description });
    }
    flags.push({ value: '--help', description: 'display help' }, { value: '-h', description: 'display help' });
    return { candidates: flags.filter((c) => c.value.startsWith(current)), directive: 'none' };
  }
  if (cmd.commands.length > 0 && positionals.length === 0) {
    const subs = cmd.commands
      .filter((c) => !isHidden(c))
      .flatMap((c) => [c.name(), ...c.aliases()].map((value) => ({ value, description: c.description() })));
    return { candidates: subs.filter((c) => c.value.startsWith(current)), directive: 'none' };
  }
  const args = cmd.registeredArguments;
  const last = args[args.length - 1];
  const arg = args[positionals.length] ?? (last?.variadic ? last : undefined);
  return arg ? offer(argumentKind(arg, path)) : { candidates: [], directive: 'none' };
}

async function valuesOf(kind: Kind, lookup: Lookup, line: LineContext): Promise<Candidate[]> {
  switch (kind.type) {
    case 'words':
      return kind.words.map((value) => ({ value }));
    case 'profiles':
      return lookup.profiles();
    case 'libraries':
      return lookup.libraries(line);
    case 'remote-files':
      return lookup.files(line);
    default:
      return [];
  }
}

/** A lookup that took longer than the deadline; nothing is printed. */
export class LookupTimeout extends Error {}

/**
 * The lookups, on the factory: profiles from the config, libraries and files
 * from the current provider (the line's --profile first). A provider lookup
 * races `deadline`: when the deadline wins, `abort` cancels its requests.
 */
export function factoryLookup(f: Factory, deadline: () => Promise<void>, abort: () => void): Lookup {
  const provider = async (line: LineContext) => {
    if (line.profile) f.globals.profile = line.profile;
    return f.provider();
  };
  const timed = async <T>(work: Promise<T>): Promise<T> => {
    const timeout = deadline().then(() => LOOKUP_TIMED_OUT);
    const result = await Promise.race([work, timeout]);
    if (result === LOOKUP_TIMED_OUT) {
      abort();
      work.catch(() => {});
      throw new LookupTimeout('completion lookup timed out');
    }
    return result as T;
  };
  return {
    profiles: () =>
      f
        .profiles()
        .list()
        .map((p) => ({ value: p.name, description: p.profile.provider })),
    libraries: (line) =>
      timed(
        (async () => {
          const out: Candidate[] = [];
          for await (const l of (await provider(line)).listLibraries({ limit: LOOKUP_LIMIT })) {
            out.push({ value: l.name, description: l.description || l.id });
          }
          return out;
        })(),
      ),
    files: (line) =>
      timed(
        (async () => {
          const p = await provider(line);
          const ref = line.library ?? f.effective().library?.value;
          if (!ref) return [];
          const library = await p.resolveLibrary(ref);
          const out: Candidate[] = [];
          for await (const file of p.listFiles(library.id, { limit: LOOKUP_LIMIT })) {
            out.push({ value: file.name, description: file.status });
          }
          return out;
        })(),
      ),
  };
}

const LOOKUP_TIMED_OUT = Symbol('timed out');

/** The lines `lib __complete` prints. Tabs and newlines in a value would break them: such values are left out. */
export function render(completion: Completion): string {
  const lines = completion.candidates
    .filter((c) => !/[\t\n\r]/.test(c.value))
    .map((c) => (c.description ? `${c.value}\t${c.description.replace(/\s+/g, ' ').trim()}` : c.value));
  return [...lines, `:${completion.directive}`].join('\n') + '\n';
}
