/**
 * lib library list|get|create|update|delete on the local provider, in a pipe:
 * exact stdout, stderr and exit codes. (Bad input common to all nouns is in
 * errors.test.ts; the terminal case is in output.test.ts.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../sqlite.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exactly, ISO, json, Sandbox, UUID } from '../helpers.js';
import { dataDir, lines, withStore } from './fixtures.js';

const KEYS = [
  'id',
  'name',
  'description',
  'naturalId',
  'type',
  'ownerId',
  'shared',
  'documents',
  'size',
  'createdAt',
  'updatedAt',
  'syncedAt',
  'syncInterval',
  'driver',
  'permissions',
];

interface Lib {
  id: string;
  name: string;
  description: string | null;
  ownerId: string;
  shared: boolean;
  documents: number;
  size: number;
  createdAt: string;
  updatedAt: string;
}

function detail(
  name: string,
  description: string,
  more: { documents?: number; size?: number; shared?: boolean; id?: string } = {},
): RegExp {
  const { documents = 0, size = 0, shared = false, id = UUID } = more;
  return exactly`id\t${id}\nname\t${name}\ndescription\t${description}\nnaturalId\t\ntype\t\nowner\t${UUID}\nshared\t${String(shared)}\ndocuments\t${documents}\nsize\t${size}\ncreated\t${ISO}\nupdated\t${ISO}\nsynced\t\n`;
}

// A fresh LIB_HOME for every test; the tests after "library create" start from the same four libraries.
let sb: Sandbox;
beforeEach(() => {
  sb = new Sandbox();
});
afterEach(() => sb.cleanup());

const ids: Record<string, string> = {};
const Q1 = 'quarter,revenue\nq1,100\n';
const Q1_SIZE = Buffer.byteLength(Q1);

/** Team Docs, reports (with q1.csv), Archive and Scratch, made in that order. */
async function fourLibraries(): Promise<void> {
  for (const [name, description] of [
    ['Team Docs', 'Handbooks and policies'],
    ['reports', 'Quarterly numbers'],
    ['Archive', ''],
    ['Scratch', ''],
  ] as const)
    ids[name] = (
      await sb.lib(['library', 'create', name, ...(description ? ['--description', description] : []), '-q'])
    ).trim();
  // One document in "reports", so documents and size sort differ from name.
  sb.file('q1.csv', Q1);
  await sb.lib(['file', 'upload', 'q1.csv', '--library', 'reports']);
}

/** The four libraries, with Scratch renamed Drafts (as the first update test does). */
async function withDrafts(): Promise<void> {
  await fourLibraries();
  await sb.lib(['library', 'update', 'Scratch', '--name', 'Drafts', '--description', 'Work in progress']);
}

describe('library create', () => {
  it('prints the new library as field<TAB>value lines and says so on stderr', async () => {
    const r = await sb.run(['library', 'create', 'Team Docs', '--description', 'Handbooks and policies']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(detail('Team Docs', 'Handbooks and policies'));
    ids['Team Docs'] = /^id\t(.*)$/m.exec(r.stdout)![1]!;
    expect(r.stderr).toBe(`Created library "Team Docs" (${ids['Team Docs']})\n`);
  });

  it('--json prints the uniform model, and nothing on stderr', async () => {
    const r = await sb.run(['library', 'create', 'reports', '--description', 'Quarterly numbers', '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lib = json<Lib>(r.stdout);
    expect(Object.keys(lib)).toEqual(KEYS);
    expect(lib).toEqual({
      id: expect.stringMatching(UUID),
      name: 'reports',
      description: 'Quarterly numbers',
      naturalId: null,
      type: null,
      ownerId: expect.stringMatching(UUID),
      shared: false,
      documents: 0,
      size: 0,
      createdAt: expect.stringMatching(ISO),
      updatedAt: lib.createdAt,
      syncedAt: null,
      syncInterval: null,
      driver: null,
      permissions: null,
    });
    ids.reports = lib.id;
  });

  it('-q prints the id alone', async () => {
    const r = await sb.run(['library', 'create', 'Archive', '-q']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(exactly`${UUID}\n`);
    ids.Archive = r.stdout.trim();
  });

  it('--ndjson prints one line', async () => {
    const r = await sb.run(['library', 'create', 'Scratch', '--ndjson']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(lines(r.stdout)).toHaveLength(1);
    expect(json<Lib>(r.stdout)).toMatchObject({ name: 'Scratch', description: null });
    ids.Scratch = json<Lib>(r.stdout).id;
  });
});

describe('library list', () => {
  const row = (name: string, documents = 0, size = 0) => exactly`${ids[name]!}\t${name}\t${documents}\t${size}\t${ISO}`;

  beforeEach(fourLibraries);

  it('prints id, name, documents, size, updated: tab-separated, sorted by name', async () => {
    const r = await sb.run(['library', 'list']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const rows = lines(r.stdout);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(row('Archive'));
    expect(rows[1]).toMatch(row('reports', 1, Q1_SIZE));
    expect(rows[2]).toMatch(row('Scratch'));
    expect(rows[3]).toMatch(row('Team Docs'));
  });

  it('--sort takes a field, - for descending', async () => {
    const byName = await sb.lib(['library', 'list', '--sort', '-name', '-q']);
    expect(byName).toBe(`${ids['Team Docs']}\n${ids.Scratch}\n${ids.reports}\n${ids.Archive}\n`);
    const byDocuments = await sb.lib(['library', 'list', '--sort', '-documents', '--limit', '1', '-q']);
    expect(byDocuments).toBe(`${ids.reports}\n`);
    const byCreated = await sb.lib(['library', 'ls', '--sort', 'createdAt', '-q']);
    expect(byCreated).toBe(`${ids['Team Docs']}\n${ids.reports}\n${ids.Archive}\n${ids.Scratch}\n`);
  });

  it('--search matches name or description, ignoring case', async () => {
    expect(lines(await sb.lib(['library', 'list', '--search', 'TEAM']))).toEqual([
      expect.stringMatching(row('Team Docs')),
    ]);
    expect(await sb.lib(['library', 'list', '--search', 'quarterly', '-q'])).toBe(`${ids.reports}\n`);
  });

  it('an empty result is no rows in a pipe, [] with --json, and exit 0', async () => {
    expect(await sb.run(['library', 'list', '--search', 'no such thing'])).toMatchObject({
      code: 0,
      stdout: '',
      stderr: '',
    });
    expect(await sb.run(['library', 'list', '--search', 'no such thing', '--json'])).toMatchObject({
      code: 0,
      stdout: '[]\n',
      stderr: '',
    });
  });

  it('--limit N stops after N', async () => {
    expect(await sb.lib(['library', 'list', '--limit', '2', '-q'])).toBe(`${ids.Archive}\n${ids.reports}\n`);
  });

  it('shows 50 by default; --all shows every one', async () => {
    const big = new Sandbox();
    try {
      await withStore(big, (store) => {
        const owner = store.localPrincipal().id;
        for (let i = 0; i < 55; i++) store.createLibrary({ ownerId: owner, name: `lib-${String(i).padStart(2, '0')}` });
      });
      const page = lines(await big.lib(['library', 'list']));
      expect(page).toHaveLength(50);
      expect(page[49]).toContain('\tlib-49\t');
      const all = json<Lib[]>(await big.lib(['library', 'list', '--all', '--json'])).map((l) => l.name);
      expect(all).toEqual(Array.from({ length: 55 }, (_, i) => `lib-${String(i).padStart(2, '0')}`));
      const r = await big.run(['library', 'list', '--limit', '2', '--all']);
      expect(r).toMatchObject({ code: 2, stdout: '', stderr: 'lib: --limit and --all cannot be used together\n' });
    } finally {
      big.cleanup();
    }
  });
});

describe('library get', () => {
  beforeEach(fourLibraries);

  it('by name and by id print the same record', async () => {
    const byName = await sb.run(['library', 'get', 'reports']);
    expect(byName).toMatchObject({ code: 0, stderr: '' });
    expect(byName.stdout).toMatch(
      detail('reports', 'Quarterly numbers', { documents: 1, size: Q1_SIZE, id: ids.reports! }),
    );
    expect(await sb.lib(['library', 'get', ids.reports!])).toBe(byName.stdout);
  });

  it('--json prints one object with the schema', async () => {
    const lib = json<Lib>(await sb.lib(['library', 'get', 'Team Docs', '--json']));
    expect(Object.keys(lib)).toEqual(KEYS);
    expect(lib).toMatchObject({
      id: ids['Team Docs'],
      name: 'Team Docs',
      description: 'Handbooks and policies',
      documents: 0,
      size: 0,
    });
  });
});

describe('library update', () => {
  it('--name and --description change the library and print it', async () => {
    await fourLibraries();
    const r = await sb.run(['library', 'update', 'Scratch', '--name', 'Drafts', '--description', 'Work in progress']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(detail('Drafts', 'Work in progress', { id: ids.Scratch! }));
    expect((await sb.run(['library', 'get', 'Scratch'])).code).toBe(3);
    const lib = json<Lib>(await sb.lib(['library', 'edit', ids.Scratch!, '--description', 'Still drafting', '--json']));
    expect(lib).toMatchObject({ name: 'Drafts', description: 'Still drafting' });
    expect(lib.updatedAt >= lib.createdAt).toBe(true);
  });

  it('needs something to change, a free name and a non-empty one', async () => {
    await withDrafts();
    expect(await sb.run(['library', 'update', 'Drafts'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'lib: nothing to update: pass --name, --description, --sync-interval or --shared\n',
    });
    expect(await sb.run(['library', 'update', 'Drafts', '--name', 'Archive'])).toMatchObject({
      code: 5,
      stdout: '',
      stderr: 'lib: library "Archive" already exists\n',
    });
    expect(await sb.run(['library', 'update', 'Drafts', '--name', ' '])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'lib: --name must not be empty\n',
    });
    expect(await sb.run(['library', 'update', 'Drafts', '--sync-interval', '5'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'lib: the local provider does not support sync intervals (--sync-interval)\n',
    });
  });

  it('owner and sync belong to hal: one line, exit 2', async () => {
    await withDrafts();
    expect(await sb.run(['library', 'owner', 'Drafts'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'lib: the local provider does not support library owners\n',
    });
  });
});

describe('library delete', () => {
  it('-y removes the library with its files, shares and blobs', async () => {
    const id = (await sb.lib(['library', 'create', 'Doomed', '-q'])).trim();
    sb.file('doomed/one.md', 'only in the doomed library: one\n');
    sb.file('doomed/two.md', 'only in the doomed library: two\n');
    const uploaded = json<{ hash: string }[]>(
      await sb.lib(['file', 'upload', 'doomed/one.md', 'doomed/two.md', '--library', 'Doomed', '--json']),
    );
    await sb.lib(['share', 'put', 'Doomed', '--user', 'bob', '--level', 'viewer']);
    const blobs = uploaded.map((f) => path.join(dataDir(sb), 'blobs', f.hash.slice(0, 2), f.hash));
    for (const b of blobs) expect(fs.existsSync(b)).toBe(true);

    const r = await sb.run(['library', 'delete', 'Doomed', '-y']);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: `Deleted library "Doomed" (${id})\n` });

    const db = openDatabase(path.join(dataDir(sb), 'lib.db'), { readonly: true });
    try {
      const count = (sql: string) => (db.prepare(sql).get(id) as { n: number }).n;
      expect(count('SELECT count(*) AS n FROM libraries WHERE id = ?')).toBe(0);
      expect(count('SELECT count(*) AS n FROM files WHERE library_id = ?')).toBe(0);
      expect(count('SELECT count(*) AS n FROM shares WHERE library_id = ?')).toBe(0);
    } finally {
      db.close();
    }
    for (const b of blobs) expect(fs.existsSync(b)).toBe(false);
    expect(await sb.run(['library', 'get', id])).toMatchObject({
      code: 3,
      stderr: `lib: library "${id}" not found\nList libraries with: lib library list\n`,
    });
  });

  it('--json prints the deleted library', async () => {
    await withDrafts();
    const r = await sb.run(['library', 'rm', 'Drafts', '-y', '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(json<Lib>(r.stdout)).toMatchObject({ id: ids.Scratch, name: 'Drafts' });
    expect(lines(await sb.lib(['library', 'list', '-q']))).toEqual([ids.Archive, ids.reports, ids['Team Docs']]);
  });
});
