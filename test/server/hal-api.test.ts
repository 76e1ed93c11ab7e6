/**
 * The HAL dialect of `lib serve`, route by route, against seed 002 (field for
 * field where the seed fixes it) and against specs/hal-libraries.openapi.yaml:
 * every answer of every request here is checked against the contract (status
 * documented, application/hal+json, body schema with no undocumented field),
 * and every operation of the contract is exercised.
 *
 * Principals: alice and bob, and carol, the one member of team:ds. Cloud
 * drives are directories under a temporary --drive-root.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, type RunnerTask } from 'vitest';
import { answerErrors, operations } from '../conformance/hal-contract.js';
import { call, startTestServer, type Answer, type TestServer } from './helpers.js';

const TOKENS = { alice: 'alice-hal-token', bob: 'bob-hal-token', carol: 'carol-hal-token' };
type Who = keyof typeof TOKENS;
const SECRET = 'GOCSPX-never-shown-7f3a9c';

let t: TestServer;
let drives: string;
const called = new Set<string>();
const contract: string[] = [];

/** Seed 002's fields of a library in GET /api/libraries. */
const ITEM_KEYS = [
  '_links',
  'id',
  'type',
  'name',
  'slug',
  'description',
  'ownerId',
  'shared',
  'assistantAccess',
  'embedded',
  'syncedAt',
  'syncInterval',
  'createdAt',
  'updatedAt',
];
/** ... in GET /api/libraries/{id}: those (but the item's links) plus these. */
const DETAIL_KEYS = [
  ...ITEM_KEYS.filter((k) => k !== '_links'),
  'data',
  'folderId',
  'snapshotOfId',
  'chatId',
  '_embedded',
  '_links',
  'permissions',
];
const LIST_KEYS = [
  'id',
  'name',
  'type',
  'shared',
  'assistantAccess',
  'ownerId',
  'ownerName',
  'naturalId',
  'tags',
  'sharing',
  'permissions',
];

function templateOf(method: string, path: string): string {
  const parts = new URL(path, 'http://x').pathname.split('/').filter(Boolean);
  const op = operations().find((o) => {
    const [m, template] = o.split(' ');
    const segs = template!.split('/').filter(Boolean);
    return m === method && segs.length === parts.length && segs.every((s, i) => s.startsWith('{') || s === parts[i]);
  });
  return op ?? `${method} ${path}`;
}

/** One request as `who`; its answer is checked against the contract. */
async function api(
  who: Who | null,
  method: string,
  path: string,
  opts: { json?: unknown; body?: FormData | string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const a = await call(t.url, method, path, {
    token: who === null ? null : TOKENS[who],
    json: opts.json,
    body: opts.body,
    headers: opts.headers,
  });
  called.add(templateOf(method, path));
  const body = a.headers.get('content-type')?.includes('json') ? a.body : a.text;
  contract.push(...answerErrors(method, path, a.status, a.headers.get('content-type'), body));
  return a;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Until the library's sync is over (the sync runs beside the request that started it). */
async function syncDone(ref: string, who: Who = 'alice'): Promise<Answer> {
  for (let i = 0; i < 400; i++) {
    const s = await api(who, 'GET', `/api/libraries/${ref}/_sync`);
    if (s.body.state !== 'running') return s;
    await sleep(25);
  }
  throw new Error(`the sync of ${ref} did not finish`);
}

function form(name: string, content: string, fields: [string, string][] = []): FormData {
  const f = new FormData();
  for (const [k, v] of fields) f.append(k, v);
  f.append('file', new Blob([content], { type: 'text/plain' }), name);
  return f;
}

async function start(): Promise<[TestServer, string]> {
  const root = mkdtempSync(join(tmpdir(), 'lib-hal-drives-'));
  const server = await startTestServer({
    tokens: Object.entries(TOKENS).map(([name, secret]) => ({ name, secret })),
    teams: [{ name: 'ds', members: ['carol'] }],
    driveRoot: root,
    syncCheckMs: 0,
  });
  return [server, root];
}

async function stop(server: TestServer, root: string): Promise<void> {
  await server.close();
  rmSync(root, { recursive: true, force: true });
}

/** Seed 002's Google Drive library, with its integration's client id and secret. */
const ENGINEERING_DOCS = {
  id: '550e8400-e29b-41d4-a716-446655440000',
  name: 'Engineering Docs',
  type: 'google-drive',
  data: { folderId: 'eng' },
  clientId: '123456789-abcdefg.apps.googleusercontent.com',
  clientSecret: SECRET,
  readOnly: true,
};

/**
 * Seed 002's libraries of alice, as the POST test makes them: Team Docs (local, shared), Engineering Docs
 * (a Google Drive on the drive folder eng, which exists) and Away (a Dropbox whose folder does not).
 */
async function seed(): Promise<void> {
  await api('alice', 'POST', '/api/libraries', {
    json: { name: 'Team Docs', type: 'local', description: 'Shared team resources', shared: true },
  });
  mkdirSync(join(drives, 'eng'), { recursive: true });
  await api('alice', 'POST', '/api/libraries', {
    json: ENGINEERING_DOCS,
  });
  await api('alice', 'POST', '/api/libraries', {
    json: { name: 'Away', type: 'dropbox', data: { folderId: 'not-there' } },
  });
}

// The tests that only read share one server with the seed's libraries; a test that changes what is on a
// server, or counts what others could change, calls ownServer() first.
beforeAll(async () => {
  [t, drives] = await start();
  await seed();
});
// eslint-disable-next-line no-empty-pattern -- vitest hands the file (suite) second, after the fixtures
afterAll(async ({}, file) => {
  try {
    // Every operation of the contract was exercised here: checked once every test of the file has run,
    // whatever their order (a run of some of them, with -t, exercises only some).
    const tests = (task: RunnerTask): RunnerTask[] => ('tasks' in task ? task.tasks.flatMap(tests) : [task]);
    if (tests(file as RunnerTask).every((x) => x.mode === 'run'))
      expect(operations().filter((op) => !called.has(op))).toEqual([]);
  } finally {
    await stop(t, drives);
  }
});

let shared: [TestServer, string] | undefined;
/** In a test: a server (and drive root) of its own, empty, for the rest of it, instead of the shared one. */
async function ownServer(): Promise<void> {
  const own = await start();
  shared = [t, drives];
  [t, drives] = own;
}
afterEach(async () => {
  if (!shared) return;
  const own: [TestServer, string] = [t, drives];
  [t, drives] = shared;
  shared = undefined;
  await stop(...own);
});
afterEach(() => {
  // Every answer so far conformed to the contract.
  expect(contract.splice(0)).toEqual([]);
});

describe('libraries (seed 002)', () => {
  it('POST creates: 201, the full library, Location; a cloud type embeds its integration and never its secret', async () => {
    await ownServer();
    const local = await api('alice', 'POST', '/api/libraries', {
      json: { name: 'Team Docs', type: 'local', description: 'Shared team resources', shared: true },
    });
    expect(local.status).toBe(201);
    expect(local.headers.get('content-type')).toBe('application/hal+json');
    expect(local.headers.get('location')).toBe(`/api/libraries/${local.body.id}`);
    expect(Object.keys(local.body).sort()).toEqual([...DETAIL_KEYS].sort());
    expect(local.body).toMatchObject({
      type: 'local',
      name: 'Team Docs',
      slug: 'team-docs',
      description: 'Shared team resources',
      ownerId: 'alice',
      shared: true,
      assistantAccess: false,
      embedded: false,
      syncInterval: null,
      syncedAt: null,
      data: {},
      folderId: null,
      snapshotOfId: null,
      chatId: null,
      permissions: { read: true, write: true, delete: true, sync: false },
      _embedded: {
        'inf:library-driver': { id: 'local', name: 'Local', supportsSync: false, supportsUpload: true, isLocal: true },
      },
    });
    const self = `/api/libraries/${local.body.id}`;
    expect(local.body._links).toEqual({
      self: { href: self },
      'inf:files': { href: `${self}/files` },
      'inf:sync': { href: `${self}/_sync` },
      'inf:assistants': { href: `${self}/assistants` },
      'inf:library-shares': { href: `${self}/shares` },
      'inf:comments': { href: `${self}/comments` },
      'inf:favorite': { href: `${self}/favorite` },
    });

    mkdirSync(join(drives, 'eng'), { recursive: true });
    const { id } = ENGINEERING_DOCS;
    const drive = await api('alice', 'POST', '/api/libraries', {
      json: ENGINEERING_DOCS,
    });
    expect(drive.status).toBe(201);
    expect(drive.body.id).toBe(id);
    expect(drive.text).not.toContain(SECRET);
    expect(drive.text).not.toContain('apps.googleusercontent.com');
    expect(drive.body._embedded).toEqual({
      'inf:library-driver': {
        id: 'google-drive',
        name: 'Google Drive',
        supportsSync: true,
        supportsUpload: false,
        isLocal: false,
      },
      'inf:integration': {
        id: expect.any(String),
        name: 'Google Drive - Engineering Docs',
        type: 'google-drive',
        embedded: true,
        libraryId: id,
      },
      // The folder exists under --drive-root: connected.
      'inf:connection': {
        id: expect.any(String),
        ownerId: 'alice',
        integrationId: drive.body._embedded['inf:integration'].id,
        tokenExpiresAt: null,
        lastAuthorizedAt: expect.any(String),
      },
    });
    expect(drive.body.permissions).toEqual({ read: true, write: true, delete: true, sync: true });

    // No folder: no connection.
    const away = await api('alice', 'POST', '/api/libraries', {
      json: { name: 'Away', type: 'dropbox', data: { folderId: 'not-there' } },
    });
    expect(away.status).toBe(201);
    expect(Object.keys(away.body._embedded)).toEqual(['inf:library-driver', 'inf:integration']);

    // The same id again, a taken name, and what is missing or wrong, every problem at once.
    expect((await api('alice', 'POST', '/api/libraries', { json: { id, name: 'x', type: 'local' } })).status).toBe(409);
    expect(await api('alice', 'POST', '/api/libraries', { json: { name: 'Team Docs', type: 'local' } })).toMatchObject({
      status: 409,
      body: { status: 409, error: 'Conflict', message: 'library "Team Docs" already exists' },
    });
    const bad = await api('alice', 'POST', '/api/libraries', {
      json: { type: 'gdrive', shared: 'yes', clientSecret: SECRET },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { field: 'name', message: 'is required' },
      { field: 'type', message: 'must be one of local, google-drive, onedrive, sharepoint, dropbox' },
      { field: 'shared', message: 'must be true or false' },
    ]);
    expect(bad.text).not.toContain(SECRET);
    const noFolder = await api('alice', 'POST', '/api/libraries', { json: { name: 'N', type: 'onedrive' } });
    expect(noFolder.body.errors).toEqual([
      { field: 'data.folderId', message: 'is required for a onedrive library: the drive folder it syncs from' },
    ]);
    expect(
      (await api('alice', 'POST', '/api/libraries', { body: '{nope', headers: { 'content-type': 'application/json' } }))
        .status,
    ).toBe(400);
  });

  it('GET /api/libraries: a HAL collection with the seed fields, q, sort, limit and start', async () => {
    const all = await api('alice', 'GET', '/api/libraries');
    expect(all.status).toBe(200);
    expect(all.body._links).toEqual({ self: { href: '/api/libraries{?sort,limit,start,q}', templated: true } });
    expect(all.body).toMatchObject({ start: 0, count: 3, total: 3 });
    const items = all.body._embedded['inf:library'];
    expect(items.map((l: { name: string }) => l.name)).toEqual(['Away', 'Engineering Docs', 'Team Docs']);
    for (const item of items) expect(Object.keys(item)).toEqual(ITEM_KEYS);
    expect(items[2]._links).toEqual({
      self: { href: `/api/libraries/${items[2].id}` },
      'inf:files': { href: `/api/libraries/${items[2].id}/files` },
      'inf:sync': { href: `/api/libraries/${items[2].id}/_sync` },
    });

    const page = await api('alice', 'GET', '/api/libraries?sort=-name&limit=1&start=1');
    expect(page.body).toMatchObject({ start: 1, count: 1, total: 3 });
    expect(page.body._embedded['inf:library'][0].name).toBe('Engineering Docs');
    const found = await api('alice', 'GET', '/api/libraries?q=TEAM%20RES');
    expect(found.body._embedded['inf:library'].map((l: { name: string }) => l.name)).toEqual(['Team Docs']);
    expect((await api('alice', 'GET', '/api/libraries?sort=size')).body).toMatchObject({
      status: 400,
      errors: [{ field: 'sort', message: expect.stringContaining('cannot sort by "size"') }],
    });
    expect((await api('alice', 'GET', '/api/libraries?limit=0')).status).toBe(400);
    // Others see only what is theirs or shared with them.
    expect((await api('bob', 'GET', '/api/libraries')).body).toMatchObject({ count: 0, total: 0 });
  });

  it('GET /api/libraries-list: flat, with natural ids, sharing and permissions', async () => {
    const list = await api('alice', 'GET', '/api/libraries-list');
    expect(list.status).toBe(200);
    const docs = list.body.find((l: { name: string }) => l.name === 'Team Docs');
    expect(Object.keys(docs)).toEqual(LIST_KEYS);
    expect(docs).toEqual({
      id: expect.any(String),
      name: 'Team Docs',
      type: 'local',
      shared: true,
      assistantAccess: false,
      ownerId: 'alice',
      ownerName: 'alice',
      naturalId: 'alice:team-docs',
      tags: [],
      sharing: [],
      permissions: { edit: true, write: true, delete: true, share: true },
    });
  });

  it('GET /api/libraries/{id} takes an id or a natural id; others get 404 in HAL shape', async () => {
    const byNatural = await api('alice', 'GET', '/api/libraries/alice:team-docs');
    const byId = await api('alice', 'GET', `/api/libraries/${byNatural.body.id}?includeJobAccess=true`);
    expect(byId.body).toEqual(byNatural.body);
    expect(await api('bob', 'GET', '/api/libraries/alice:team-docs')).toMatchObject({
      status: 404,
      body: { status: 404, error: 'Not Found', message: 'Library alice:team-docs not found' },
    });
    expect((await api('alice', 'GET', '/api/libraries/alice:nothing')).status).toBe(404);
    expect((await api('alice', 'GET', '/api/libraries/nobody:team-docs')).status).toBe(404);
    expect((await api('alice', 'GET', '/api/libraries/alice:team-docs?includeJobAccess=maybe')).status).toBe(400);
  });

  it('PUT updates name, description, data, shared and syncInterval; clientId and clientSecret are stripped', async () => {
    await ownServer();
    await seed();
    const put = await api('alice', 'PUT', '/api/libraries/alice:engineering-docs', {
      json: { name: 'Engineering', description: 'Design docs', syncInterval: 120, clientSecret: SECRET, clientId: 'x' },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: 'Engineering', description: 'Design docs', syncInterval: 120 });
    // The slug, and so the natural id, stays: ids others saved keep working.
    expect(put.body.slug).toBe('engineering-docs');
    expect(put.text).not.toContain(SECRET);
    expect(
      (await api('alice', 'PUT', '/api/libraries/alice:engineering-docs', { json: { syncInterval: null } })).body
        .syncInterval,
    ).toBeNull();

    expect(
      (await api('alice', 'PUT', '/api/libraries/alice:team-docs', { json: { syncInterval: 0, name: '' } })).body
        .errors,
    ).toEqual([
      { field: 'name', message: 'must not be empty' },
      { field: 'syncInterval', message: 'must be a whole number of minutes, at least 1' },
    ]);
    expect(await api('alice', 'PUT', '/api/libraries/alice:team-docs', { json: { syncInterval: 5 } })).toMatchObject({
      status: 409,
      body: { message: 'a Local library does not sync; syncInterval is for cloud drives' },
    });
    expect((await api('alice', 'PUT', '/api/libraries/alice:team-docs', { json: { name: 'Away' } })).status).toBe(409);
  });
});

describe('owners, teams and permissions', () => {
  it('shares give read (1) or write (2); only the owner shares and deletes; strangers get 404', async () => {
    await ownServer();
    // Shared Notes, as the shares test leaves it (its share with bob taken back).
    await api('alice', 'POST', '/api/libraries', { json: { name: 'Shared Notes', type: 'local' } });
    const lib = '/api/libraries/alice:shared-notes';
    expect((await api('bob', 'PUT', lib, { json: { name: 'mine' } })).status).toBe(404);

    const put = await api('alice', 'PUT', `${lib}/shares/bob`, { json: { accessLevel: 1 } });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ principalId: 'bob', principalType: 'user', accessLevel: 1 });
    expect((await api('alice', 'PUT', `${lib}/shares/bob`, { json: { accessLevel: 1 } })).status).toBe(200);
    expect((await api('bob', 'GET', lib)).body.permissions).toEqual({
      read: true,
      write: false,
      delete: false,
      sync: false,
    });
    expect(await api('bob', 'PUT', lib, { json: { name: 'mine' } })).toMatchObject({
      status: 403,
      body: { status: 403, error: 'Forbidden', message: 'You need write access (library:write) to this library' },
    });
    expect((await api('bob', 'GET', '/api/libraries-list')).body[0]).toMatchObject({
      naturalId: 'alice:shared-notes',
      sharing: [{ principalId: 'bob', accessLevel: 1 }],
      permissions: { edit: false, write: false, delete: false, share: false },
    });

    await api('alice', 'PUT', `${lib}/shares/bob`, { json: { accessLevel: 2 } });
    expect((await api('bob', 'PUT', lib, { json: { description: 'by bob' } })).status).toBe(200);
    expect((await api('bob', 'DELETE', lib)).status).toBe(403);
    expect((await api('bob', 'PUT', `${lib}/shares/carol`, { json: { accessLevel: 1 } })).status).toBe(403);

    expect((await api('alice', 'GET', `${lib}/shares`)).body).toMatchObject({
      start: 0,
      count: 1,
      total: 1,
      _embedded: { 'inf:library-share': [{ principalId: 'bob', accessLevel: 2 }] },
    });
    expect((await api('alice', 'PUT', `${lib}/shares/alice`, { json: { accessLevel: 1 } })).status).toBe(403);
    expect((await api('alice', 'PUT', `${lib}/shares/nobody`, { json: { accessLevel: 1 } })).status).toBe(404);
    expect((await api('alice', 'PUT', `${lib}/shares/bob`, { json: { accessLevel: 3 } })).body.errors).toEqual([
      { field: 'accessLevel', message: 'must be 1 (read) or 2 (write)' },
    ]);
    // shared: false is refused while shares exist.
    expect((await api('alice', 'PUT', lib, { json: { shared: false } })).status).toBe(409);
    expect((await api('alice', 'DELETE', `${lib}/shares/bob`)).status).toBe(204);
    expect((await api('alice', 'DELETE', `${lib}/shares/bob`)).status).toBe(404);
    expect((await api('bob', 'GET', lib)).status).toBe(404);
  });

  it('the owner goes to a team: its members act as owner, the former owner loses access; the natural id follows', async () => {
    await ownServer();
    const lib = (await api('alice', 'POST', '/api/libraries', { json: { name: 'Models', type: 'local' } })).body;
    await api('alice', 'PUT', `/api/libraries/${lib.id}/shares/bob`, { json: { accessLevel: 1 } });
    expect(await api('alice', 'GET', '/api/libraries/alice:models/owner')).toMatchObject({
      status: 200,
      body: { ownerId: 'alice' },
    });
    expect(
      (await api('alice', 'PUT', '/api/libraries/alice:models/owner', { json: { ownerId: 'nobody' } })).status,
    ).toBe(404);
    expect((await api('alice', 'PUT', '/api/libraries/alice:models/owner', { json: {} })).status).toBe(400);
    expect(
      await api('alice', 'PUT', '/api/libraries/alice:models/owner', { json: { ownerId: 'team:ds' } }),
    ).toMatchObject({ status: 200, body: { ownerId: 'team:ds' } });

    expect((await api('alice', 'GET', `/api/libraries/${lib.id}`)).status).toBe(404);
    const asCarol = await api('carol', 'GET', '/api/libraries/team:ds:models');
    expect(asCarol.body).toMatchObject({ id: lib.id, ownerId: 'team:ds' });
    expect(asCarol.body.permissions).toEqual({ read: true, write: true, delete: true, sync: false });
    expect((await api('carol', 'GET', '/api/libraries-list')).body).toEqual([
      expect.objectContaining({ naturalId: 'team:ds:models', ownerId: 'team:ds', ownerName: 'ds' }),
    ]);
    // Shares stay with the library.
    expect((await api('bob', 'GET', '/api/libraries/team:ds:models')).status).toBe(200);
    // A member hands it back.
    expect(
      (await api('carol', 'PUT', '/api/libraries/team:ds:models/owner', { json: { ownerId: 'alice' } })).status,
    ).toBe(200);
    expect((await api('carol', 'GET', `/api/libraries/${lib.id}`)).status).toBe(404);
    expect((await api('alice', 'GET', '/api/libraries/alice:models')).status).toBe(200);
  });

  it('a share with a team reaches its members', async () => {
    await ownServer();
    await seed();
    await api('alice', 'PUT', '/api/libraries/alice:team-docs/shares/team:ds', { json: { accessLevel: 1 } });
    expect((await api('carol', 'GET', '/api/libraries/alice:team-docs')).body.permissions.read).toBe(true);
    expect(
      (await api('alice', 'GET', '/api/libraries/alice:team-docs/shares')).body._embedded['inf:library-share'],
    ).toEqual([expect.objectContaining({ principalId: 'team:ds', principalType: 'team', accessLevel: 1 })]);
    expect((await api('alice', 'DELETE', '/api/libraries/alice:team-docs/shares/team:ds')).status).toBe(204);
    expect((await api('carol', 'GET', '/api/libraries/alice:team-docs')).status).toBe(404);
  });
});

describe('files (designed)', () => {
  const lib = '/api/libraries/alice:team-docs';

  it('upload (path and labels before the file), conflict, overwrite keeps the id; get, list, update, content, delete', async () => {
    await ownServer();
    await seed();
    const up = await api('alice', 'POST', `${lib}/files`, {
      body: form('handbook.md', '# Handbook', [
        ['path', '/policies//2024'],
        ['labels', 'hr'],
        ['labels', 'current'],
      ]),
    });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      name: 'handbook.md',
      path: 'policies/2024/',
      labels: ['hr', 'current'],
      mimeType: 'text/plain', // as the part declared it
      size: 10,
      uploadedBy: 'alice',
      status: 'indexed',
      error: null,
    });
    expect(up.headers.get('location')).toBe(`${up.body._links['inf:library'].href}/files/${up.body.id}`);
    const again = () =>
      api('alice', 'POST', `${lib}/files?overwrite=true`, {
        body: form('handbook.md', '# v2', [['path', 'policies/2024']]),
      });
    expect(
      (await api('alice', 'POST', `${lib}/files`, { body: form('handbook.md', 'x', [['path', 'policies/2024']]) }))
        .status,
    ).toBe(409);
    const replaced = await again();
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: up.body.id, size: 4, labels: ['hr', 'current'] });
    await api('alice', 'POST', `${lib}/files`, { body: form('notes.txt', 'notes') });

    const list = await api('alice', 'GET', `${lib}/files?sort=-name&limit=1`);
    expect(list.body).toMatchObject({ start: 0, count: 1, total: 2 });
    expect(list.body._embedded['inf:file'][0].name).toBe('notes.txt');
    for (const [query, names] of [
      ['path=policies', ['handbook.md']],
      ['label=hr', ['handbook.md']],
      ['name=notes.txt', ['notes.txt']],
      ['status=indexed&start=1', ['notes.txt']],
      ['q=notes', ['notes.txt']],
    ] as const) {
      const r = await api('alice', 'GET', `${lib}/files?${query}`);
      expect(r.body._embedded['inf:file'].map((f: { name: string }) => f.name)).toEqual(names);
    }
    expect((await api('alice', 'GET', `${lib}/files?status=done`)).status).toBe(400);

    const file = `${lib}/files/${up.body.id}`;
    expect((await api('alice', 'GET', file)).body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await api('alice', 'PUT', file, { json: { name: 'guide.md', labels: ['hr'] } })).body).toMatchObject({
      name: 'guide.md',
      labels: ['hr'],
    });
    expect((await api('alice', 'PUT', file, { json: { labels: [''] } })).status).toBe(400);
    const content = await api('alice', 'GET', `${file}/content`);
    expect(content).toMatchObject({ status: 200, text: '# v2' });
    expect(content.headers.get('content-disposition')).toContain('guide.md');
    expect((await api('bob', 'GET', file)).status).toBe(404);
    expect((await api('alice', 'DELETE', file)).status).toBe(204);
    expect((await api('alice', 'GET', file)).status).toBe(404);
  });

  it('a cloud library takes no upload, change or delete of its files: they come from sync', async () => {
    const lib = '/api/libraries/alice:engineering-docs';
    expect(await api('alice', 'POST', `${lib}/files`, { body: form('a.txt', 'a') })).toMatchObject({
      status: 409,
      body: { message: expect.stringContaining('supportsUpload: false') },
    });
    expect((await api('alice', 'GET', `${lib}/files`)).body.total).toBe(0);
    expect(
      (
        await api('alice', 'POST', '/api/libraries/alice:team-docs/files', {
          body: 'x',
          headers: { 'content-type': 'text/plain' },
        })
      ).status,
    ).toBe(400);
  });
});

describe('sync (designed)', () => {
  it('brings new and changed files in, removes vanished ones, sets syncedAt; one at a time', async () => {
    await ownServer();
    await seed();
    const dir = join(drives, 'eng');
    writeFileSync(join(dir, 'a.txt'), 'alpha');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'b.md'), '# beta');
    symlinkSync('/etc/hostname', join(dir, 'outside.txt')); // never followed
    const lib = '/api/libraries/alice:engineering-docs';
    expect((await api('alice', 'GET', `${lib}/_sync`)).body).toMatchObject({ state: 'idle', syncedAt: null });

    const started = await api('alice', 'POST', `${lib}/_sync`);
    expect(started.status).toBe(202);
    expect(started.body.state).toBe('running');
    const first = await syncDone('alice:engineering-docs');
    expect(first.body).toMatchObject({ state: 'succeeded', added: 2, updated: 0, removed: 0, error: null });
    const files = (await api('alice', 'GET', `${lib}/files`)).body._embedded['inf:file'];
    expect(files.map((f: { path: string; name: string }) => f.path + f.name)).toEqual(['a.txt', 'sub/b.md']);
    expect(files[0].uploadedBy).toBeNull();
    const syncedAt = (await api('alice', 'GET', lib)).body.syncedAt;
    expect(syncedAt).toBe(first.body.syncedAt);

    writeFileSync(join(dir, 'a.txt'), 'alpha, changed');
    writeFileSync(join(dir, 'c.txt'), 'gamma');
    rmSync(join(dir, 'sub'), { recursive: true });
    await api('alice', 'POST', `${lib}/_sync`);
    const second = await syncDone('alice:engineering-docs');
    expect(second.body).toMatchObject({ state: 'succeeded', added: 1, updated: 1, removed: 1, unchanged: 0 });
    const after = (await api('alice', 'GET', `${lib}/files`)).body._embedded['inf:file'];
    expect(after.map((f: { name: string; size: number }) => [f.name, f.size])).toEqual([
      ['a.txt', 14],
      ['c.txt', 5],
    ]);
    expect(Date.parse(second.body.syncedAt)).toBeGreaterThanOrEqual(Date.parse(syncedAt));
  });

  it('refused where the driver does not sync, the folder is missing, or the caller may not write', async () => {
    expect(await api('alice', 'POST', '/api/libraries/alice:team-docs/_sync')).toMatchObject({
      status: 409,
      body: { message: 'a Local library does not sync; its files are uploaded' },
    });
    expect(await api('alice', 'POST', '/api/libraries/alice:away/_sync')).toMatchObject({
      status: 409,
      body: { message: 'cannot sync: the drive folder not-there does not exist' },
    });
    expect((await api('bob', 'POST', '/api/libraries/alice:away/_sync')).status).toBe(404);
  });
});

describe('the pipeline in HAL shape', () => {
  it('401 without a key, 404 off the routes, 405 with Allow', async () => {
    const r = await api(null, 'GET', '/api/libraries');
    expect(r).toMatchObject({ status: 401, body: { status: 401, error: 'Unauthorized', message: 'Unauthorized' } });
    expect(r.headers.get('content-type')).toBe('application/hal+json');
    expect((await call(t.url, 'GET', '/api/nothing', { token: TOKENS.alice })).body).toEqual({
      status: 404,
      error: 'Not Found',
      message: 'Not Found',
    });
    const m = await call(t.url, 'PATCH', '/api/libraries', { token: TOKENS.alice });
    expect(m.status).toBe(405);
    expect(m.headers.get('allow')).toBe('GET, POST');
  });

  it('DELETE removes the library with its files and shares (204)', async () => {
    await ownServer();
    // Shared Notes, as the shares test leaves it (its share with bob taken back).
    await api('alice', 'POST', '/api/libraries', { json: { name: 'Shared Notes', type: 'local' } });
    const lib = '/api/libraries/alice:shared-notes';
    await api('alice', 'PUT', `${lib}/shares/bob`, { json: { accessLevel: 1 } });
    await api('alice', 'POST', `${lib}/files`, { body: form('x.txt', 'x') });
    expect((await api('alice', 'DELETE', lib)).status).toBe(204);
    expect((await api('alice', 'GET', lib)).status).toBe(404);
    const names = (await api('bob', 'GET', '/api/libraries-list')).body.map((l: { name: string }) => l.name);
    expect(names).not.toContain('Shared Notes');
  });
});

describe('scheduled sync', () => {
  it('a library with a syncInterval syncs itself once that many minutes passed on the server clock', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const root = mkdtempSync(join(tmpdir(), 'lib-hal-drives-'));
    mkdirSync(join(root, 'team'));
    writeFileSync(join(root, 'team', 'one.txt'), 'one');
    const s = await startTestServer({
      tokens: [{ name: 'alice', secret: TOKENS.alice }],
      driveRoot: root,
      syncCheckMs: 10,
      now: () => now,
    });
    try {
      const as = (method: string, path: string, json?: unknown) =>
        call(s.url, method, path, { token: TOKENS.alice, json });
      await as('POST', '/api/libraries', { name: 'Team', type: 'sharepoint', data: { folderId: 'team' } });
      expect((await as('PUT', '/api/libraries/alice:team', { syncInterval: 30 })).status).toBe(200);
      // Never synced: due at once.
      const synced = async (): Promise<string> => {
        for (let i = 0; i < 400; i++) {
          const lib = await as('GET', '/api/libraries/alice:team');
          const sync = await as('GET', '/api/libraries/alice:team/_sync');
          if (lib.body.syncedAt && sync.body.state !== 'running') return lib.body.syncedAt;
          await sleep(10);
        }
        throw new Error('no scheduled sync');
      };
      const first = await synced();
      expect(first).toBe('2026-01-01T00:00:00.000Z');
      writeFileSync(join(root, 'team', 'two.txt'), 'two');
      now += 31 * 60_000;
      let second = first;
      for (let i = 0; i < 400 && second === first; i++) {
        await sleep(10);
        second = (await as('GET', '/api/libraries/alice:team')).body.syncedAt;
      }
      expect(second).toBe('2026-01-01T00:31:00.000Z');
      await synced();
      expect((await as('GET', '/api/libraries/alice:team/files')).body.total).toBe(2);
    } finally {
      await s.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
