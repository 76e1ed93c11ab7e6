/**
 * `lib library ...` on the hal provider against `lib serve`'s hal dialect:
 * the uniform model with hal's fields, natural ids (owner:slug) wherever a
 * library goes, lists paged by start/total, create (cloud types with a client
 * secret from stdin, never shown), update, delete, the owner (to a team: what
 * its members and the former owner can then do), and the exit codes of
 * what goes wrong.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exactly, ISO, UUID } from '../helpers.js';
import { expectNothingLeaked, requestLines, startHal, type Cli, type HalServe, type Json } from './helpers.js';

const SECRET = 'GOCSPX-e2e-client-secret-4d1c';

let s: HalServe;
let alice: Cli;
let bob: Cli;
let carol: Cli;

async function start(): Promise<void> {
  s = await startHal();
  alice = s.cli('alice');
  bob = s.cli('bob');
  carol = s.cli('carol');
}
/** No key nor SECRET in any output of the server's users; then close it. */
async function stop(): Promise<void> {
  const leaks = expectNothingLeaked(s, [SECRET]);
  await s.close();
  expect(leaks).toEqual([]);
}

// One server for the tests that make everything they look at under names no other test on it uses.
beforeAll(start);
afterAll(stop);

/**
 * In a describe: each of its tests gets a server of its own, with the libraries it needs made first:
 * what it finds by name or natural id, or counts, is only what it made.
 */
function ownServerPerTest(): void {
  let shared: [HalServe, Cli, Cli, Cli];
  beforeEach(async () => {
    shared = [s, alice, bob, carol];
    await start();
  });
  afterEach(async () => {
    try {
      await stop();
    } finally {
      [s, alice, bob, carol] = shared;
    }
  });
}

/** alice:team-docs, as the create test makes it. */
async function teamDocs(): Promise<void> {
  await alice.ok(['library', 'create', 'Team Docs', '--description', 'Handbooks', '--shared', '-q']);
}

/** alice:eng-drive, as the cloud type test makes it (the secret from stdin). */
async function engDrive(): Promise<void> {
  const data = ['--data', '{"folderId":"eng"}', '--client-id', 'client-123.apps', '-q'];
  await alice.ok(['library', 'create', 'Eng Drive', '--type', 'google-drive', ...data], { input: `${SECRET}\n` });
}

/** alice:eng-drive, as the update test leaves it: named Engineering, synced every 60 minutes, not shared. */
async function engineering(): Promise<void> {
  await engDrive();
  await alice.ok(['library', 'update', 'alice:eng-drive', '--name', 'Engineering', '--sync-interval', '60']);
  await alice.ok(['library', 'update', 'alice:eng-drive', '--no-shared']);
}

/** bob:team-docs, shared with alice as a viewer, as the ambiguity test makes it. */
async function bobsTeamDocs(): Promise<void> {
  await bob.ok(['library', 'create', 'Team Docs']);
  await bob.ok(['share', 'put', 'bob:team-docs', '--user', 'alice', '--level', 'viewer']);
}

describe('library create', () => {
  it('create prints the uniform model with the natural id, type, owner and driver', async () => {
    const r = await alice.ok(['library', 'create', 'Team Docs', '--description', 'Handbooks', '--shared']);
    expect(r.stderr).toMatch(exactly`Created library "Team Docs" (${UUID})\n`);
    expect(r.stdout).toMatch(
      exactly`id\t${UUID}\nname\tTeam Docs\ndescription\tHandbooks\nnaturalId\talice:team-docs\ntype\tlocal\nowner\talice\nshared\ttrue\ndocuments\t\nsize\t\ncreated\t${ISO}\nupdated\t${ISO}\nsynced\t\n`,
    );
    const lib: Json = await alice.json(['library', 'get', 'alice:team-docs']);
    expect(lib).toEqual({
      id: expect.stringMatching(UUID),
      name: 'Team Docs',
      description: 'Handbooks',
      naturalId: 'alice:team-docs',
      type: 'local',
      ownerId: 'alice',
      shared: true,
      documents: null,
      size: null,
      createdAt: expect.stringMatching(ISO),
      updatedAt: expect.stringMatching(ISO),
      syncedAt: null,
      syncInterval: null,
      driver: { id: 'local', name: 'Local', supportsSync: false, supportsUpload: true, isLocal: true },
      permissions: { read: true, write: true, delete: true, sync: false },
    });
  });

  it('a cloud type takes --data and --client-id, the secret from stdin; the secret appears nowhere, --debug included', async () => {
    const r = await alice.run(
      [
        '--debug',
        '--json',
        'library',
        'create',
        'Eng Drive',
        '--type',
        'google-drive',
        '--data',
        '{"folderId":"eng"}',
        '--client-id',
        'client-123.apps',
      ],
      { input: `${SECRET}\n` },
    );
    expect(r.code).toBe(0);
    const lib = JSON.parse(r.stdout);
    expect(lib).toMatchObject({
      naturalId: 'alice:eng-drive',
      type: 'google-drive',
      driver: { id: 'google-drive', supportsSync: true, supportsUpload: false, isLocal: false },
      permissions: { sync: true },
    });
    expect(requestLines(r.stderr)).toEqual([`[debug] > POST ${s.url}/api/libraries`]);
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
    const raw = await alice.run(['--raw', '--json', 'library', 'get', 'alice:eng-drive']);
    expect(raw.stdout).not.toContain(SECRET);
    expect(JSON.parse(raw.stdout)._embedded['inf:integration']).toMatchObject({ type: 'google-drive', embedded: true });

    // No secret given, or a client id where no cloud type is: one line, exit 2, nothing sent.
    for (const args of [
      ['library', 'create', 'X', '--type', 'dropbox', '--data', '{"folderId":"x"}', '--client-id', 'c'],
      ['library', 'create', 'X', '--client-id', 'c'],
      ['library', 'create', 'X', '--data', '[1]'],
    ]) {
      const bad = await alice.run(['--debug', ...args]);
      expect(bad.code).toBe(2);
      expect(requestLines(bad.stderr)).toEqual([]);
      expect(bad.stderr.split('\n').filter((l) => l.startsWith('lib: '))).toHaveLength(1);
    }
  });
});

describe('library get, list', () => {
  ownServerPerTest();

  it('get takes an id, a natural id, a unique name or the start of an id; a natural id is one request', async () => {
    await teamDocs();
    const byId: Json = await alice.json(['library', 'get', 'alice:team-docs']);
    for (const ref of [byId.id, 'Team Docs', byId.id.slice(0, 8)]) {
      expect((await alice.json(['library', 'get', ref])).id).toBe(byId.id);
    }
    const one = await alice.ok(['--debug', 'library', 'get', 'alice:team-docs']);
    expect(requestLines(one.stderr)).toEqual([`[debug] > GET ${s.url}/api/libraries/alice%3Ateam-docs`]);
    const named = await alice.ok(['--debug', 'library', 'get', 'Team Docs']);
    expect(requestLines(named.stderr)).toEqual([
      `[debug] > GET ${s.url}/api/libraries-list`,
      `[debug] > GET ${s.url}/api/libraries/${byId.id}`,
    ]);
    expect(await alice.run(['library', 'get', 'alice:nothing'])).toMatchObject({
      code: 3,
      stderr: 'lib: library "alice:nothing" not found (hal, 404)\n',
    });
  });

  it('the same name from two owners is ambiguous: the candidates by natural id', async () => {
    await teamDocs();
    await bob.ok(['library', 'create', 'Team Docs']);
    await bob.ok(['share', 'put', 'bob:team-docs', '--user', 'alice', '--level', 'viewer']);
    const r = await alice.run(['library', 'get', 'Team Docs']);
    expect(r.code).toBe(2);
    const first = r.stderr.split('\n')[0]!;
    expect(first).toMatch(/^lib: library name "Team Docs" is ambiguous; it matches: \S+ \(.+\), \S+ \(.+\)$/);
    expect(first).toContain('alice:team-docs (');
    expect(first).toContain('bob:team-docs (');
    expect((await alice.json(['library', 'get', 'bob:team-docs'])).permissions).toEqual({
      read: true,
      write: false,
      delete: false,
      sync: false,
    });
  });

  it('list pages by start/total: the default cut says of how many, --all follows every page, --search and --sort go to the API', async () => {
    await teamDocs();
    await engDrive();
    await bobsTeamDocs();
    for (let i = 0; i < 52; i++) await alice.ok(['library', 'create', `bulk ${String(i).padStart(2, '0')}`, '-q']);
    const cut = await alice.ok(['library', 'list', '-q']);
    expect(cut.stdout.trim().split('\n')).toHaveLength(50);
    expect(cut.stderr).toBe('showing 50 of 55; --all for every one, --limit N for more\n');
    expect((await alice.ok(['library', 'list', '--all', '-q'])).stdout.trim().split('\n')).toHaveLength(55);
    const found: Json[] = await alice.json(['library', 'list', '--search', 'handbooks']);
    expect(found.map((l) => l.naturalId)).toEqual(['alice:team-docs']);
    const last: Json[] = await alice.json(['library', 'list', '--sort', '-name', '--limit', '2']);
    expect(last.map((l) => l.name)).toEqual(['Team Docs', 'Team Docs']);
    expect(await alice.run(['--debug', 'library', 'list', '--sort', 'size'])).toMatchObject({ code: 2 });
  });
});

describe('library update, owner, delete', () => {
  ownServerPerTest();

  it('update changes name, description, shared and the sync interval (cloud drives only)', async () => {
    await teamDocs();
    await engDrive();
    const up: Json = await alice.json([
      'library',
      'update',
      'alice:eng-drive',
      '--name',
      'Engineering',
      '--sync-interval',
      '60',
    ]);
    expect(up).toMatchObject({ name: 'Engineering', syncInterval: 60, naturalId: 'alice:eng-drive' });
    expect((await alice.json(['library', 'update', 'alice:eng-drive', '--no-shared'])).shared).toBe(false);
    expect(await alice.run(['library', 'update', 'alice:team-docs', '--sync-interval', '5'])).toMatchObject({
      code: 5,
      stderr: expect.stringMatching(
        /^lib: library ".+": a Local library does not sync; syncInterval is for cloud drives \(hal, 409\)\n/,
      ),
    });
    expect((await alice.run(['library', 'update', 'alice:team-docs', '--name', 'Engineering'])).code).toBe(5);
    expect((await bob.run(['library', 'update', 'alice:team-docs', '--name', 'Mine'])).code).toBe(3);
  });

  it('owner shows and hands a library to a team: members act as owner, the former owner is a stranger', async () => {
    await teamDocs();
    await engineering();
    await bobsTeamDocs();
    expect(await alice.ok(['library', 'owner', 'alice:eng-drive'])).toMatchObject({
      stdout: expect.stringMatching(/^id\t.+\nname\tEngineering\nnaturalId\talice:eng-drive\nowner\talice\n$/),
    });
    const moved = await alice.ok(['library', 'owner', 'alice:eng-drive', '--set', 'team:ds']);
    expect(moved.stdout).toMatch(/\nowner\tteam:ds\n$/);
    expect((await alice.run(['library', 'get', 'team:ds:eng-drive'])).code).toBe(3);
    const asCarol: Json = await carol.json(['library', 'get', 'team:ds:eng-drive']);
    expect(asCarol).toMatchObject({ ownerId: 'team:ds', permissions: { write: true, delete: true } });
    expect(
      (await carol.json(['library', 'update', 'team:ds:eng-drive', '--description', 'by the team'])).description,
    ).toBe('by the team');
    expect(await alice.run(['library', 'owner', 'alice:team-docs', '--set', 'nobody'])).toMatchObject({
      code: 3,
      stderr: 'lib: no user or team "nobody" (hal, 404)\n',
    });
    // A viewer cannot hand it on.
    expect((await alice.run(['library', 'owner', 'bob:team-docs', '--set', 'alice'])).code).toBe(4);
    // Handed back: carol is no longer in it, so she is told the new owner; alice has it under her natural id again.
    expect((await carol.json(['library', 'owner', 'team:ds:eng-drive', '--set', 'alice'])).ownerId).toBe('alice');
    expect((await alice.json(['library', 'get', 'alice:eng-drive'])).ownerId).toBe('alice');
  });

  it('delete asks, then removes; a viewer may not (exit 4)', async () => {
    await bobsTeamDocs();
    await alice.ok(['library', 'create', 'bulk 00', '-q']);
    expect((await alice.run(['library', 'delete', 'bob:team-docs', '-y'])).code).toBe(4);
    expect((await alice.run(['library', 'delete', 'bulk 00'])).code).toBe(2); // no terminal, no -y
    const r = await alice.ok(['library', 'delete', 'bulk 00', '-y']);
    expect(r.stderr).toMatch(/^Deleted library "bulk 00" \(.+\)\n$/);
    expect((await alice.run(['library', 'get', 'alice:bulk-00'])).code).toBe(3);
  });
});

describe('what goes wrong', () => {
  it('auth status names the user as hal knows them: by name, the id owners and shares use', async () => {
    expect(await bob.json(['auth', 'status'])).toMatchObject({ provider: 'hal', userId: 'bob', userName: 'bob' });
  });

  it('no key, a wrong key, no base URL', async () => {
    expect(await alice.run(['library', 'list'], { env: { LIB_API_KEY: undefined } })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^lib: no API key for the hal provider\n/),
    });
    expect(await alice.run(['library', 'list'], { env: { LIB_BASE_URL: undefined } })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^lib: no base URL for the hal provider\n/),
    });
    expect(await alice.run(['library', 'list'], { env: { LIB_API_KEY: 'wrong-key-1234' } })).toMatchObject({
      code: 4,
      stderr: expect.stringMatching(/^lib: not authenticated \(hal, 401\)\n/),
    });
  });

  it('flags hal cannot honour are refused before any request: one line, exit 2', async () => {
    for (const args of [
      ['library', 'create', 'X', '--chunk-size', '512'],
      ['library', 'create', 'X', '--type', 'gdrive'],
      ['file', 'upload', 'a.txt', '-l', 'alice:team-docs', '--public-url', 'https://example.com/a'],
      ['file', 'text', 'a.txt', '-l', 'alice:team-docs'],
      ['share', 'put', 'alice:team-docs', '--workspace', 'w1', '--level', 'viewer'],
      ['library', 'update', 'alice:team-docs'],
    ]) {
      const r = await alice.run(['--debug', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(requestLines(r.stderr), args.join(' ')).toEqual([]);
      expect(
        r.stderr.split('\n').filter((l) => l.startsWith('lib: ')),
        args.join(' '),
      ).toHaveLength(1);
    }
  });
});
