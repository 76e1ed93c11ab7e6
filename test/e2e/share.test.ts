/**
 * lib share list|put|delete on the local provider: users, workspaces and
 * organizations as viewers or editors; the owner's own access is fixed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, Sandbox } from '../helpers.js';
import { lines } from './fixtures.js';

interface Share {
  libraryId: string;
  principalType: string;
  principalId: string;
  level: string;
}

// A fresh LIB_HOME and library "Team Docs" for every test: each makes the shares it looks at.
let sb: Sandbox;
let libraryId = '';
let ownerId = '';
beforeEach(async () => {
  sb = new Sandbox();
  const lib = json<{ id: string; ownerId: string }>(await sb.lib(['library', 'create', 'Team Docs', '--json']));
  libraryId = lib.id;
  ownerId = lib.ownerId;
});
afterEach(() => sb.cleanup());

/** Shares made beforehand, in this order: [--user|--workspace|--org, principal, level]. */
async function given(...shares: [string, string, string][]): Promise<void> {
  for (const [flag, principal, level] of shares)
    await sb.lib(['share', 'put', 'Team Docs', flag, principal, '--level', level, '-q']);
}

describe('share list', () => {
  it('a new library lists its owner alone: type, principal, level', async () => {
    expect(await sb.run(['share', 'list', 'Team Docs'])).toMatchObject({
      code: 0,
      stdout: `user\t${ownerId}\towner\n`,
      stderr: '',
    });
    expect(json(await sb.lib(['share', 'ls', libraryId, '--json']))).toEqual([
      { libraryId, principalType: 'user', principalId: ownerId, level: 'owner' },
    ]);
  });
});

describe('share put', () => {
  it('gives a user viewer access: says so on stderr, prints the share', async () => {
    expect(await sb.run(['share', 'put', 'Team Docs', '--user', 'alice', '--level', 'viewer'])).toMatchObject({
      code: 0,
      stdout: 'type\tuser\nprincipal\talice\nlevel\tviewer\n',
      stderr: 'Shared "Team Docs" with user alice as viewer\n',
    });
  });

  it('a workspace as editor (--json), an organization as viewer (-q)', async () => {
    const ws = await sb.run(['share', 'put', 'Team Docs', '--workspace', 'ws-1', '--level', 'editor', '--json']);
    expect(ws).toMatchObject({ code: 0, stderr: '' });
    expect(json<Share>(ws.stdout)).toEqual({
      libraryId,
      principalType: 'workspace',
      principalId: 'ws-1',
      level: 'editor',
    });
    expect(await sb.run(['share', 'add', 'Team Docs', '--org', 'org-1', '--level', 'viewer', '-q'])).toMatchObject({
      code: 0,
      stdout: 'org-1\n',
      stderr: '',
    });
  });

  it('putting again changes the level', async () => {
    await given(['--user', 'alice', 'viewer']);
    expect(await sb.run(['share', 'put', 'Team Docs', '--user', 'alice', '--level', 'editor'])).toMatchObject({
      code: 0,
      stdout: 'type\tuser\nprincipal\talice\nlevel\teditor\n',
      stderr: 'Shared "Team Docs" with user alice as editor\n',
    });
  });

  it('lists owner first, then shares in the order made; the library is now shared', async () => {
    await given(['--user', 'alice', 'viewer'], ['--workspace', 'ws-1', 'editor'], ['--org', 'org-1', 'viewer']);
    await given(['--user', 'alice', 'editor']); // a new level keeps the share's place
    expect(await sb.run(['share', 'list', 'Team Docs'])).toMatchObject({
      code: 0,
      stdout: `user\t${ownerId}\towner\nuser\talice\teditor\nworkspace\tws-1\teditor\norg\torg-1\tviewer\n`,
      stderr: '',
    });
    expect(lines(await sb.lib(['share', 'list', 'Team Docs', '-q']))).toEqual([ownerId, 'alice', 'ws-1', 'org-1']);
    expect(json<{ shared: boolean }>(await sb.lib(['library', 'get', 'Team Docs', '--json'])).shared).toBe(true);
  });

  it('needs exactly one principal and a valid level (exit 2)', async () => {
    const usage = async (args: string[], stderr: string) =>
      expect(await sb.run(['share', 'put', 'Team Docs', ...args])).toMatchObject({ code: 2, stdout: '', stderr });
    await usage(['--user', 'bob', '--level', 'admin'], 'lib: invalid --level "admin" (expected viewer or editor)\n');
    await usage(['--user', 'bob'], 'lib: --level is required (viewer or editor)\n');
    await usage(['--level', 'viewer'], 'lib: name exactly one of --user, --workspace or --org\n');
    await usage(
      ['--user', 'bob', '--org', 'o', '--level', 'viewer'],
      'lib: name exactly one of --user, --workspace or --org\n',
    );
    await usage(['--user', ' ', '--level', 'viewer'], 'lib: --user must not be empty\n');
  });

  it("the owner's own access cannot be changed (exit 4, as remotely)", async () => {
    expect(await sb.run(['share', 'put', 'Team Docs', '--user', ownerId, '--level', 'viewer'])).toMatchObject({
      code: 4,
      stdout: '',
      stderr: "lib: the owner's own access cannot be changed\n",
    });
  });
});

describe('share delete', () => {
  it('without -y in a pipe refuses (exit 2) and keeps the share', async () => {
    await given(['--org', 'org-1', 'viewer']);
    expect(await sb.run(['share', 'delete', 'Team Docs', '--org', 'org-1'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'lib: Remove org org-1\'s access to "Team Docs": confirmation required; pass -y to confirm without a terminal\n',
    });
    expect(lines(await sb.lib(['share', 'list', 'Team Docs', '-q']))).toContain('org-1');
  });

  it('-y removes a share; removing it again is not found (exit 3)', async () => {
    await given(['--org', 'org-1', 'viewer']);
    expect(await sb.run(['share', 'delete', 'Team Docs', '--org', 'org-1', '-y'])).toMatchObject({
      code: 0,
      stdout: '',
      stderr: 'Removed org org-1\'s access to "Team Docs"\n',
    });
    expect(await sb.run(['share', 'rm', 'Team Docs', '--org', 'org-1', '-y'])).toMatchObject({
      code: 3,
      stdout: '',
      stderr: 'lib: library "Team Docs" is not shared with org "org-1"\n',
    });
  });

  it('--json confirms what went', async () => {
    await given(['--workspace', 'ws-1', 'editor']);
    const r = await sb.run(['share', 'delete', 'Team Docs', '--workspace', 'ws-1', '-y', '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(json(r.stdout)).toEqual({ libraryId, principalType: 'workspace', principalId: 'ws-1', deleted: true });
  });

  it("the owner's own access cannot be removed (exit 4, as remotely)", async () => {
    await given(['--user', 'alice', 'editor']);
    expect(await sb.run(['share', 'delete', 'Team Docs', '--user', ownerId, '-y'])).toMatchObject({
      code: 4,
      stdout: '',
      stderr: "lib: the owner's own access cannot be removed\n",
    });
    expect(await sb.run(['share', 'list', 'Team Docs'])).toMatchObject({
      code: 0,
      stdout: `user\t${ownerId}\towner\nuser\talice\teditor\n`,
    });
  });

  it('an unknown library is exit 3', async () => {
    expect(await sb.run(['share', 'list', 'Nope'])).toMatchObject({
      code: 3,
      stdout: '',
      stderr: 'lib: library "Nope" not found\nList libraries with: lib library list\n',
    });
  });
});
