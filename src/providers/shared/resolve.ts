/**
 * How every provider turns what a user typed (<library>, <file>) into one
 * thing: an exact id, else a unique name, else (hal) a natural id, else a
 * unique start of an id as tables show them. Several matches are one error,
 * worded the same on every provider, listing the candidates.
 */
import { NotFoundError, UsageError } from '../../errors.js';
import { ID_PREFIX } from './shape.js';

export interface Lookup<T> {
  /** 'library' or 'file', for messages. */
  what: string;
  byId(ref: string): Promise<T | undefined>;
  byName(ref: string): Promise<T[]>;
  /** A file by its path and name ("policies/2024/handbook.pdf"), where the provider has paths. */
  byPath?(path: string, name: string): Promise<T | undefined>;
  /** hal's owner:slug, where the provider has natural ids. */
  byNaturalId?(ref: string): Promise<T | undefined>;
  byIdPrefix?(prefix: string): Promise<T[]>;
  /** How a candidate is listed when a name is ambiguous: its id, and what tells it apart. */
  describe(item: T): string;
  /** The error when nothing matches. */
  notFound(ref: string): NotFoundError;
}

export function ambiguous(what: string, ref: string, candidates: string[], by = 'name'): UsageError {
  return new UsageError(`${what} ${by} "${ref}" is ambiguous; it matches: ${candidates.join(', ')}`, {
    hint: by === 'name' ? `Use the ${what}'s id instead.` : 'Give more of the id.',
  });
}

export async function resolveRef<T>(ref: string, lookup: Lookup<T>): Promise<T> {
  const exact = await lookup.byId(ref);
  if (exact) return exact;
  const named = await lookup.byName(ref);
  if (named.length === 1) return named[0]!;
  if (named.length > 1) throw ambiguous(lookup.what, ref, named.map(lookup.describe));
  const slash = ref.lastIndexOf('/');
  if (lookup.byPath && slash > 0 && slash < ref.length - 1) {
    const found = await lookup.byPath(ref.slice(0, slash), ref.slice(slash + 1));
    if (found) return found;
  }
  const natural = lookup.byNaturalId && ref.includes(':') ? await lookup.byNaturalId(ref) : undefined;
  if (natural) return natural;
  if (lookup.byIdPrefix && ID_PREFIX.test(ref)) {
    const prefixed = await lookup.byIdPrefix(ref);
    if (prefixed.length === 1) return prefixed[0]!;
    if (prefixed.length > 1) throw ambiguous(lookup.what, ref, prefixed.map(lookup.describe), 'id prefix');
  }
  throw lookup.notFound(ref);
}

/** The thing, or undefined when looking it up says "not found" (an id that names nothing). */
export async function orNothing<T>(lookup: Promise<T>): Promise<T | undefined> {
  try {
    return await lookup;
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}
