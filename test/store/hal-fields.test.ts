/**
 * What the store keeps for hal (migration 4): slugs unique per owner (made
 * from the name, kept on rename, moved along with the owner unless taken),
 * the shared flag, the sync interval and time, and teams whose members act
 * for them (as owner where the team owns, at its level where it is shared
 * with). A store from before migration 4 opens with slugs for its libraries.
 */
import { join } from 'node:path';
import { openDatabase } from '../sqlite.js';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, slugify } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { tempDir, tempStore, type TempStore } from './helpers.js';

let t: TempStore | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

describe('slugs', () => {
  it('are the name as a URL-safe word', () => {
    expect(slugify('Project Documentation')).toBe('project-documentation');
    expect(slugify('  Café — Notes 2024! ')).toBe('cafe-notes-2024');
    expect(slugify('日本')).toBe('library');
    expect(slugify('x'.repeat(100))).toHaveLength(64);
  });

  it('are unique per owner, kept on rename, moved with the owner unless taken', () => {
    t = tempStore();
    const s = t.store;
    const alice = s.ensurePrincipal({ name: 'alice' }).id;
    const bob = s.ensurePrincipal({ name: 'bob' }).id;
    const a = s.createLibrary({ ownerId: alice, name: 'Team Docs' });
    const b = s.createLibrary({ ownerId: alice, name: 'team-docs' });
    expect([a.slug, b.slug]).toEqual(['team-docs', 'team-docs-2']);
    expect(s.updateLibrary(a.id, { name: 'Renamed' }).slug).toBe('team-docs');
    expect(s.libraryBySlug(alice, 'team-docs')?.id).toBe(a.id);
    const bobs = s.createLibrary({ ownerId: bob, name: 'Team Docs' });
    expect(bobs.slug).toBe('team-docs');
    // To bob, who has team-docs: the next free one.
    expect(s.updateLibrary(a.id, { ownerId: bob }).slug).toBe('team-docs-2');
    expect(s.libraryBySlug(bob, 'team-docs-2')?.id).toBe(a.id);
  });

  it('are given to the libraries of a store from before them', () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = openDatabase(join(dir, 'lib.db'));
      for (const step of MIGRATIONS.slice(0, 3)) db.exec(step);
      db.pragma('user_version = 3');
      const at = '2025-01-01T00:00:00.000Z';
      db.prepare(`INSERT INTO principals (id, name, created_at) VALUES ('p', 'local', ?)`).run(at);
      const insert = db.prepare(
        `INSERT INTO libraries (id, owner_id, name, created_at, updated_at) VALUES (?, 'p', ?, ?, ?)`,
      );
      insert.run('L1', 'Old Docs', at, at);
      insert.run('L2', 'old docs', '2025-01-02T00:00:00.000Z', at);
      db.close();
      const store = openStore(dir);
      try {
        expect(store.getLibrary('L1')).toMatchObject({ slug: 'old-docs', shared: false, syncInterval: null });
        expect(store.getLibrary('L2')?.slug).toBe('old-docs-2');
      } finally {
        store.close();
      }
    } finally {
      cleanup();
    }
  });
});

describe('teams', () => {
  it("members act for the team: owner of what it owns, its level where it is shared; others don't", () => {
    t = tempStore();
    const s = t.store;
    const alice = s.ensurePrincipal({ name: 'alice' }).id;
    const carol = s.ensurePrincipal({ name: 'carol' }).id;
    const dave = s.ensurePrincipal({ name: 'dave' }).id;
    const team = s.ensureTeam('ds', [carol]);
    expect(team).toMatchObject({ name: 'team:ds', kind: 'team' });
    expect(s.teamsOf(carol)).toEqual([team.id]);

    const owned = s.createLibrary({ ownerId: team.id, name: 'Models' });
    const shared = s.createLibrary({ ownerId: alice, name: 'Docs' });
    s.putShare(shared.id, { type: 'user', id: team.id }, 'editor');
    expect(s.accessLevel(owned.id, carol)).toBe('owner');
    expect(s.accessLevel(shared.id, carol)).toBe('editor');
    expect(s.accessLevel(owned.id, dave)).toBeNull();
    expect(s.listLibraries({ visibleTo: carol }).map((l) => l.name)).toEqual(['Docs', 'Models']);
    expect(s.listLibraries({ visibleTo: dave })).toEqual([]);

    // Membership is set, not added to: dave in, carol out.
    s.ensureTeam('team:ds', [dave]);
    expect(s.accessLevel(owned.id, carol)).toBeNull();
    expect(s.accessLevel(owned.id, dave)).toBe('owner');
  });

  it('keeps the shared flag, the sync interval (whole minutes, at least 1) and the sync time', () => {
    t = tempStore();
    const s = t.store;
    const owner = s.localPrincipal().id;
    const lib = s.createLibrary({
      ownerId: owner,
      name: 'Drive',
      type: 'google-drive',
      shared: true,
      syncInterval: 30,
    });
    expect(lib).toMatchObject({ shared: true, syncInterval: 30, syncedAt: null });
    expect(() => s.updateLibrary(lib.id, { syncInterval: 0 })).toThrow('invalid sync interval 0');
    const synced = s.markSynced(lib.id, '2026-01-01T00:00:00.000Z');
    expect(synced).toMatchObject({ syncedAt: '2026-01-01T00:00:00.000Z', updatedAt: lib.updatedAt });
    expect(s.librariesWithSyncInterval().map((l) => l.id)).toEqual([lib.id]);
    expect(s.updateLibrary(lib.id, { syncInterval: null, shared: false })).toMatchObject({
      syncInterval: null,
      shared: false,
    });
  });
});
