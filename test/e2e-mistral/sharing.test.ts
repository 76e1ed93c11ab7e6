/**
 * The built `lib` against `lib serve` (child processes): share list, put and
 * delete for a user, the workspace and the organization, and what each level
 * lets the other principal do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  apiUpload,
  Cli,
  expectNoKeysLeaked,
  HOOK_TIMEOUT,
  startServe,
  TEST_TIMEOUT,
  type Serve,
} from './helpers.js';

let server: Serve;
let alice: Cli;
let bob: Cli;
let libraryId: string;

interface Share {
  libraryId: string;
  principalType: string;
  principalId: string;
  level: string;
}

beforeAll(async () => {
  server = await startServe({ processingMs: 100 });
  alice = new Cli(server, server.alice.token);
  bob = new Cli(server, server.bob.token);
  const token = server.alice.token;
  libraryId = (await api(server, token, 'POST', '/v1/libraries', { name: 'Private' })).id;
  await apiUpload(server, token, libraryId, 'secret.txt', 'for alice only\n');
}, HOOK_TIMEOUT);

afterAll(async () => {
  expectNoKeysLeaked([server], [alice, bob]);
  await server?.dispose();
}, HOOK_TIMEOUT);

describe('sharing and permissions', () => {
  it(
    'a stranger cannot see the library (exit 3); a viewer reads but cannot upload (exit 4); an editor uploads',
    async () => {
      for (const args of [
        ['library', 'get', libraryId],
        ['file', 'list', '--library', libraryId],
      ]) {
        const r = await bob.run(args);
        expect(r.code, args.join(' ')).toBe(3);
        expect(r.stderr).toBe(`lib: library "${libraryId}" not found (mistral, 404)\n`);
      }

      // Only the owner's row until shared.
      expect(await alice.json(['share', 'list', 'Private'])).toEqual([
        { libraryId, principalType: 'user', principalId: server.alice.userId, level: 'owner' },
      ]);

      const put = await alice.ok(['share', 'put', 'Private', '--user', server.bob.userId, '--level', 'viewer']);
      expect(put.stderr).toBe(`Shared "Private" with user ${server.bob.userId} as viewer\n`);
      expect(put.stdout).toBe(`type\tuser\nprincipal\t${server.bob.userId}\nlevel\tviewer\n`);

      // Bob, viewer: lists and reads; cannot write.
      expect((await bob.json(['file', 'list', '--library', libraryId])).map((d: { name: string }) => d.name)).toEqual([
        'secret.txt',
      ]);
      const upload = await bob.run(['file', 'upload', bob.file('bob.txt', 'from bob\n'), '--library', libraryId]);
      expect(upload.code).toBe(4);
      const [first, hint, ...rest] = upload.stderr.trimEnd().split('\n');
      expect(first).toBe('lib: not allowed: You need editor access to this library for this operation (mistral, 403)');
      expect(hint).toMatch(/owner/i);
      expect(rest).toEqual([]);

      // Editor: uploads; still cannot share (owner only).
      const editor = await alice.json(['share', 'put', 'Private', '--user', server.bob.userId, '--level', 'editor']);
      expect(editor).toEqual({ libraryId, principalType: 'user', principalId: server.bob.userId, level: 'editor' });
      const up = await bob.json(['file', 'upload', bob.file('bob.txt', 'from bob\n'), '--library', libraryId]);
      expect(up).toMatchObject({ name: 'bob.txt', libraryId });
      const reshare = await bob.run(['share', 'put', libraryId, '--org', server.orgId, '--level', 'viewer']);
      expect(reshare.code).toBe(4);
      expect(reshare.stderr).toContain('Only the owner of this library can do this');
    },
    TEST_TIMEOUT,
  );

  it(
    'put for the workspace and the organization; list; delete each; an org-wide share lets bob in',
    async () => {
      // A library of its own, where bob is already an editor who uploaded bob.txt (made through
      // the API), so this does not depend on the test above having run first.
      const token = server.alice.token;
      const libraryId = (await api(server, token, 'POST', '/v1/libraries', { name: 'Shared' })).id;
      await apiUpload(server, token, libraryId, 'secret.txt', 'for alice and bob\n');
      await api(server, token, 'PUT', `/v1/libraries/${libraryId}/share`, {
        level: 'Editor',
        share_with_uuid: server.bob.userId,
        share_with_type: 'User',
      });
      await apiUpload(server, server.bob.token, libraryId, 'bob.txt', 'from bob\n');
      await alice.ok(['share', 'put', 'Shared', '--workspace', server.workspaceId, '--level', 'viewer']);
      await alice.ok(['share', 'put', 'Shared', '--org', server.orgId, '--level', 'viewer']);
      const shares = (await alice.json(['share', 'list', 'Shared'])) as Share[];
      expect(shares[0]).toEqual({ libraryId, principalType: 'user', principalId: server.alice.userId, level: 'owner' });
      expect(shares.slice(1)).toEqual(
        expect.arrayContaining([
          { libraryId, principalType: 'user', principalId: server.bob.userId, level: 'editor' },
          { libraryId, principalType: 'workspace', principalId: server.workspaceId, level: 'viewer' },
          { libraryId, principalType: 'org', principalId: server.orgId, level: 'viewer' },
        ]),
      );
      expect(shares).toHaveLength(4);
      // --raw: Mistral's Sharing payloads.
      const raw = await alice.json(['--raw', 'share', 'list', 'Shared']);
      expect(raw[0]).toMatchObject({
        role: 'Owner',
        share_with_type: 'User',
        share_with_uuid: server.alice.userId,
        library_id: libraryId,
      });

      // Refused before any request: a level that is not viewer or editor. The owner's own access cannot go.
      expect((await alice.run(['share', 'put', 'Shared', '--user', server.bob.userId, '--level', 'owner'])).code).toBe(
        2,
      );
      const self = await alice.run(['share', 'delete', 'Shared', '--user', server.alice.userId, '-y']);
      expect(self.code).toBe(4);
      expect(self.stderr).toContain('An owner cannot delete their own access');

      // delete: refused without -y in a pipe; then the user and the workspace.
      expect((await alice.run(['share', 'delete', 'Shared', '--user', server.bob.userId])).code).toBe(2);
      const user = await alice.ok(['share', 'delete', 'Shared', '--user', server.bob.userId, '-y']);
      expect(user.stderr).toBe(`Removed user ${server.bob.userId}'s access to "Shared"\n`);
      const ws = await alice.json(['share', 'delete', 'Shared', '--workspace', server.workspaceId, '-y']);
      expect(ws).toEqual({ libraryId, principalType: 'workspace', principalId: server.workspaceId, deleted: true });

      // Bob is still in through the organization, as a viewer; once that goes, he cannot see the library at all.
      expect(
        (await bob.json(['file', 'list', '--library', libraryId])).map((d: { name: string }) => d.name).sort(),
      ).toEqual(['bob.txt', 'secret.txt']);
      expect((await bob.run(['file', 'upload', bob.file('nope.txt', 'nope\n'), '--library', libraryId])).code).toBe(4);
      await alice.ok(['share', 'delete', 'Shared', '--org', server.orgId, '-y']);
      expect(await alice.json(['share', 'list', 'Shared'])).toHaveLength(1);
      expect((await bob.run(['library', 'get', libraryId])).code).toBe(3);
      expect((await alice.run(['share', 'delete', 'Shared', '--org', server.orgId, '-y'])).code).toBe(3);
    },
    TEST_TIMEOUT,
  );
});
