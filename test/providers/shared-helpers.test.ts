/** The helpers every provider shares: one way to resolve a reference, one label and attribute rule. */
import { describe, expect, it } from 'vitest';
import { NotFoundError, UsageError } from '../../src/errors.js';
import { mergeAttributes, mergeLabels } from '../../src/labels.js';
import { resolveRef, type Lookup } from '../../src/providers/shared/resolve.js';

interface Item {
  id: string;
  name: string;
}
const items: Item[] = [
  { id: 'aaaa1111-0000', name: 'one' },
  { id: 'aaaa2222-0000', name: 'twin' },
  { id: 'bbbb3333-0000', name: 'twin' },
  { id: 'cccc4444-0000', name: 'owner:slug-name' },
];
const lookup = (withNatural = false): Lookup<Item> => ({
  what: 'library',
  byId: async (id) => items.find((i) => i.id === id),
  byName: async (name) => items.filter((i) => i.name === name),
  byNaturalId: withNatural
    ? async (ref) => items.find((i) => i.id === 'cccc4444-0000' && ref === 'team:docs')
    : undefined,
  byIdPrefix: async (p) => items.filter((i) => i.id.startsWith(p)),
  describe: (i) => i.id,
  notFound: (ref) => new NotFoundError(`library "${ref}" not found`),
});

describe('resolveRef', () => {
  it('an id, a unique name, a natural id, a unique id prefix, in that order', async () => {
    expect((await resolveRef('bbbb3333-0000', lookup())).name).toBe('twin');
    expect((await resolveRef('one', lookup())).id).toBe('aaaa1111-0000');
    expect((await resolveRef('team:docs', lookup(true))).id).toBe('cccc4444-0000');
    expect((await resolveRef('bbbb', lookup())).id).toBe('bbbb3333-0000');
  });

  it('an ambiguous name or prefix lists the candidates; nothing is not found', async () => {
    const twin = await resolveRef('twin', lookup()).catch((e: unknown) => e);
    expect(twin).toBeInstanceOf(UsageError);
    expect((twin as UsageError).message).toBe(
      'library name "twin" is ambiguous; it matches: aaaa2222-0000, bbbb3333-0000',
    );
    expect((twin as UsageError).hint).toBe("Use the library's id instead.");
    await expect(resolveRef('aaaa', lookup())).rejects.toThrow(/library id prefix "aaaa" is ambiguous/);
    await expect(resolveRef('nothing', lookup())).rejects.toThrow(NotFoundError);
  });
});

describe('label and attribute rules', () => {
  it('--label replaces; add and remove edit; no duplicates; null removes an attribute', () => {
    expect(mergeLabels(['a', 'b'], { labels: ['x'] })).toEqual(['x']);
    expect(mergeLabels(['a', 'b'], { addLabels: ['c', 'a'], removeLabels: ['b'] })).toEqual(['a', 'c']);
    expect(mergeAttributes({ a: 1, b: 2 }, { b: null, c: 'x' })).toEqual({ a: 1, c: 'x' });
  });
});
