import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError, UsageError } from '../../src/errors.js';
import { StoreForbiddenError } from '../../src/store/index.js';
import type { ShareLevel } from '../../src/model.js';
import { fakeClock, tempStore, type TempStore } from './helpers.js';

let t: TempStore;
afterEach(() => t?.cleanup());

function org() {
  t = tempStore();
  const s = t.store;
  const alice = s.ensurePrincipal({ name: 'alice', orgId: 'org-1', workspaceId: 'ws-a' });
  const bob = s.ensurePrincipal({ name: 'bob', orgId: 'org-1', workspaceId: 'ws-b' });
  const carol = s.ensurePrincipal({ name: 'carol', orgId: 'org-2', workspaceId: 'ws-c' });
  const lib = s.createLibrary({ ownerId: alice.id, name: 'team' });
  return { s, alice, bob, carol, lib };
}

describe('shares and access', () => {
  it('ensurePrincipal is idempotent by name', () => {
    const { s, alice } = org();
    expect(s.ensurePrincipal({ name: 'alice' }).id).toBe(alice.id);
    expect(s.principalByName('bob')?.orgId).toBe('org-1');
    expect(s.listPrincipals().map((p) => p.name)).toEqual(['alice', 'bob', 'carol']);
    expect(() => s.ensurePrincipal({ name: '' })).toThrow(UsageError);
  });

  it('reports the owner first; put is an upsert; delete reports whether it removed one', () => {
    const { s, alice, bob, lib } = org();
    expect(s.listShares(lib.id)).toEqual([
      { libraryId: lib.id, principalType: 'user', principalId: alice.id, level: 'owner', createdAt: null },
    ]);
    s.putShare(lib.id, { type: 'user', id: bob.id }, 'viewer');
    expect(s.putShare(lib.id, { type: 'user', id: bob.id }, 'editor')).toMatchObject({ level: 'editor' });
    s.putShare(lib.id, { type: 'workspace', id: 'ws-x' }, 'viewer');
    expect(s.listShares(lib.id).map((r) => `${r.principalType}:${r.level}`)).toEqual([
      'user:owner',
      'user:editor',
      'workspace:viewer',
    ]);
    expect(s.getLibrary(lib.id)?.shareCount).toBe(2);
    expect(s.deleteShare(lib.id, { type: 'workspace', id: 'ws-x' })).toBe(true);
    expect(s.deleteShare(lib.id, { type: 'workspace', id: 'ws-x' })).toBe(false);
    expect(() => s.listShares('nope')).toThrow(NotFoundError);
  });

  it('lists shares made within one millisecond in the order they were made', () => {
    t = tempStore({ now: fakeClock().now });
    const s = t.store;
    const owner = s.ensurePrincipal({ name: 'owner' });
    const lib = s.createLibrary({ ownerId: owner.id, name: 'team' });
    // Ids that sort against the order they are shared in.
    for (const id of ['zed', 'mia', 'abe']) s.putShare(lib.id, { type: 'user', id }, 'viewer');
    s.putShare(lib.id, { type: 'org', id: 'org-0' }, 'viewer');
    expect(s.listShares(lib.id).map((r) => r.principalId)).toEqual([owner.id, 'zed', 'mia', 'abe', 'org-0']);
  });

  it("refuses to change or remove the owner's own access, and bad input", () => {
    const { s, alice, lib } = org();
    expect(() => s.putShare(lib.id, { type: 'user', id: alice.id }, 'viewer')).toThrow(
      new StoreForbiddenError("the owner's own access cannot be changed"),
    );
    expect(() => s.deleteShare(lib.id, { type: 'user', id: alice.id })).toThrow(
      new StoreForbiddenError("the owner's own access cannot be removed"),
    );
    expect(() => s.putShare(lib.id, { type: 'user', id: 'x' }, 'admin' as ShareLevel)).toThrow(UsageError);
    expect(() => s.putShare(lib.id, { type: 'team' as 'user', id: 'x' }, 'viewer')).toThrow(UsageError);
    expect(() => s.putShare(lib.id, { type: 'user', id: '' }, 'viewer')).toThrow(UsageError);
  });

  it('accessLevel considers user, workspace and org shares, the highest winning; visibleTo agrees', () => {
    const { s, alice, bob, carol, lib } = org();
    const visible = (id: string) => s.listLibraries({ visibleTo: id }).map((l) => l.name);
    expect(s.accessLevel(lib.id, alice.id)).toBe('owner');
    expect(s.accessLevel(lib.id, bob.id)).toBeNull();
    expect(visible(bob.id)).toEqual([]);

    s.putShare(lib.id, { type: 'org', id: 'org-1' }, 'viewer');
    expect(s.accessLevel(lib.id, bob.id)).toBe('viewer');
    expect(s.accessLevel(lib.id, carol.id)).toBeNull();
    expect(visible(bob.id)).toEqual(['team']);
    expect(visible(carol.id)).toEqual([]);

    s.putShare(lib.id, { type: 'workspace', id: 'ws-b' }, 'editor');
    expect(s.accessLevel(lib.id, bob.id)).toBe('editor');

    s.putShare(lib.id, { type: 'user', id: carol.id }, 'viewer');
    expect(s.accessLevel(lib.id, carol.id)).toBe('viewer');
    expect(visible(carol.id)).toEqual(['team']);
    expect(s.findLibrariesByName('team', { visibleTo: carol.id })).toHaveLength(1);
    expect(s.countLibraries({ visibleTo: carol.id })).toBe(1);
    expect(s.accessLevel('nope', alice.id)).toBeNull();
    expect(s.accessLevel(lib.id, 'unknown-principal')).toBeNull();
  });
});
