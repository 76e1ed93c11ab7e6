/**
 * Files, shares and sync on the hal provider against `lib serve`'s hal
 * dialect: every file verb hal has (upload with paths and labels, list with
 * its filters, get, update with label edits, download, status, wait, delete),
 * uploads refused on a sync-only library before any byte, `library sync`
 * from a drive folder with files added, changed and removed (--wait until
 * syncedAt moves), and shares with users and teams at the documented levels.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TestClock } from '../clock.js';
import {
  driveFile,
  expectNothingLeaked,
  requestLines,
  startHal,
  type Cli,
  type HalServe,
  type Json,
} from './helpers.js';

let s: HalServe;
const clock = new TestClock();
let alice: Cli;
let bob: Cli;
let carol: Cli;

beforeAll(async () => {
  // Processing and sync move on a clock lib's polls advance: --wait takes no real second.
  s = await startHal({ processingMs: 200, clock });
  alice = s.cli('alice');
  bob = s.cli('bob');
  carol = s.cli('carol');
  await alice.ok(['library', 'create', 'Docs']);
  fs.mkdirSync(path.join(s.drives, 'eng'));
  await alice.ok(['library', 'create', 'Eng', '--type', 'onedrive', '--data', '{"folderId":"eng"}']);
});
afterAll(async () => {
  const leaks = expectNothingLeaked(s);
  await s.close();
  expect(leaks).toEqual([]);
});

describe('files', () => {
  // A library of its own per test (alice:files-1, ...): what one test lists, another did not change.
  let lib = '';
  let made = 0;
  beforeEach(async () => {
    const name = `Files ${++made}`;
    await alice.ok(['library', 'create', name, '-q']);
    lib = `alice:files-${made}`;
  });

  /** The upload of the handbook, with its path and labels, into this test's library. */
  const handbookUpload = () => [
    'file',
    'upload',
    'handbook.md',
    '-l',
    lib,
    '--path',
    'policies/2024',
    '--label',
    'hr',
    '--label',
    'draft',
  ];

  /** What the first test leaves: policies/2024/handbook.md (v2, labels hr and draft), a.txt and sub/b.txt. */
  async function uploaded(): Promise<void> {
    alice.file('handbook.md', '# Handbook v2\n');
    await alice.ok([...handbookUpload(), '-q']);
    alice.file('dir/a.txt', 'alpha');
    alice.file('dir/sub/b.txt', 'beta');
    await alice.ok(['file', 'upload', 'dir', '--recursive', '-l', lib, '--wait', '-q']);
  }

  it('upload with a path and labels, --wait until indexed; a second upload of the name is a conflict, --overwrite replaces it', async () => {
    alice.file('handbook.md', '# Handbook\n');
    const polls = clock.slept.length;
    const up: Json = await alice.json([...handbookUpload(), '--wait']);
    // It was still processing when uploaded: lib waited one poll interval for it.
    expect(clock.slept.slice(polls)).toEqual([1000]);
    expect(up).toMatchObject({
      name: 'handbook.md',
      path: 'policies/2024/',
      labels: ['hr', 'draft'],
      status: 'ready',
      providerStatus: 'indexed',
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      publicUrl: null,
      attributes: {},
    });
    const again = await alice.run(['file', 'upload', 'handbook.md', '-l', lib, '--path', 'policies/2024']);
    expect(again.code).toBe(5);
    alice.file('handbook.md', '# Handbook v2\n');
    const replaced: Json = await alice.json([
      'file',
      'upload',
      'handbook.md',
      '-l',
      lib,
      '--path',
      'policies/2024',
      '--overwrite',
    ]);
    expect(replaced).toMatchObject({ id: up.id, labels: ['hr', 'draft'], size: 14 });
    alice.file('dir/a.txt', 'alpha');
    alice.file('dir/sub/b.txt', 'beta');
    const many: Json[] = await alice.json(['file', 'upload', 'dir', '--recursive', '-l', lib, '--wait']);
    expect(many.map((f) => `${f.path}${f.name}`).sort()).toEqual(['a.txt', 'sub/b.txt']);
  });

  it('list filters by search, name, path, label and status, sorts, pages; get, status, download', async () => {
    await uploaded();
    const names = async (args: string[]) =>
      ((await alice.json(['file', 'list', '-l', lib, ...args])) as Json[]).map((f) => f.name);
    expect((await names([])).sort()).toEqual(['a.txt', 'b.txt', 'handbook.md']);
    expect(await names(['--path', 'policies'])).toEqual(['handbook.md']);
    expect(await names(['--label', 'hr'])).toEqual(['handbook.md']);
    expect(await names(['--name', 'a.txt'])).toEqual(['a.txt']);
    expect(await names(['--search', 'beta'])).toEqual(['b.txt']);
    expect(await names(['--status', 'ready', '--sort', '-size', '--limit', '1'])).toEqual(['handbook.md']);
    expect((await alice.run(['file', 'list', '-l', lib, '--sort', 'mimeType'])).code).toBe(2);

    const got: Json = await alice.json(['file', 'get', 'policies/2024/handbook.md', '-l', lib]);
    expect(got.name).toBe('handbook.md');
    expect(await alice.json(['file', 'status', got.id, '-l', lib])).toMatchObject({
      status: 'ready',
      providerStatus: 'indexed',
    });
    const dl = await alice.run(['file', 'download', 'handbook.md', '-l', lib, '-o', '-']);
    expect(dl).toMatchObject({ code: 0, stdout: '# Handbook v2\n' });
  });

  it('update renames and edits labels (the API replaces the set: added and removed ones kept straight)', async () => {
    await uploaded();
    const up: Json = await alice.json([
      'file',
      'update',
      'handbook.md',
      '-l',
      lib,
      '--add-label',
      'final',
      '--remove-label',
      'draft',
      '--name',
      'guide.md',
    ]);
    expect(up).toMatchObject({ name: 'guide.md', labels: ['hr', 'final'] });
    expect((await alice.json(['file', 'update', 'guide.md', '-l', lib, '--label', 'only'])).labels).toEqual(['only']);
    expect((await alice.run(['file', 'update', 'guide.md', '-l', lib, '--attribute', 'k=v'])).code).toBe(2);
  });

  it('delete several; a missing one is exit 3', async () => {
    await uploaded();
    expect((await alice.ok(['file', 'delete', 'a.txt', 'b.txt', '-l', lib, '-y'])).stderr).toContain('Deleted');
    expect((await alice.run(['file', 'get', 'a.txt', '-l', lib])).code).toBe(3);
  });

  it('an upload to a sync-only library is refused before any byte, with one line saying why (exit 2)', async () => {
    alice.file('x.txt', 'x');
    const r = await alice.run(['--debug', 'file', 'upload', 'x.txt', 'handbook.md', '-l', 'alice:eng']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('lib: '))).toEqual([
      'lib: library "Eng" is a OneDrive library: its files come only from sync, uploads are refused',
    ]);
    expect(r.stderr).toContain('lib library sync alice:eng --wait');
    expect(requestLines(r.stderr).filter((l) => l.includes('POST'))).toEqual([]);
    expect(r.stdout).toBe('');
  });
});

describe('sync from a drive folder', () => {
  it('brings files in, then changes, additions and removals; --wait returns once syncedAt moved', async () => {
    driveFile(s, 'eng', 'spec.md', '# Spec');
    driveFile(s, 'eng', 'design/api.md', '# API');
    const before: Json = await alice.json(['library', 'get', 'alice:eng']);
    expect(before.syncedAt).toBeNull();
    const r = await alice.ok(['library', 'sync', 'alice:eng', '--wait']);
    expect(r.stderr).toMatch(/^Synced library "Eng" \(\d{4}-.+\)\n$/);
    const first: Json = await alice.json(['library', 'get', 'alice:eng']);
    expect(first.syncedAt).not.toBeNull();
    const files = async () =>
      ((await alice.json(['file', 'list', '-l', 'alice:eng', '--all'])) as Json[])
        .map((f) => `${f.path}${f.name}:${f.size}`)
        .sort();
    expect(await files()).toEqual(['design/api.md:5', 'spec.md:6']);

    driveFile(s, 'eng', 'spec.md', '# Spec, v2');
    driveFile(s, 'eng', 'new.txt', 'new');
    fs.rmSync(path.join(s.drives, 'eng', 'design'), { recursive: true });
    const second: Json = await alice.json(['library', 'sync', 'alice:eng', '--wait']);
    expect(Date.parse(second.syncedAt)).toBeGreaterThanOrEqual(Date.parse(first.syncedAt));
    expect(await files()).toEqual(['new.txt:3', 'spec.md:10']);
    // Its files come from the drive alone.
    expect((await alice.run(['file', 'delete', 'spec.md', '-l', 'alice:eng', '-y'])).code).toBe(5);
  });

  it('without --wait it starts the sync and says so; a local library does not sync (exit 5); a viewer may not (exit 4)', async () => {
    // Its own drive folder and libraries: the test above finds "Eng" never synced, whatever ran first.
    fs.mkdirSync(path.join(s.drives, 'eng2'));
    await alice.ok(['library', 'create', 'Eng Two', '--type', 'onedrive', '--data', '{"folderId":"eng2"}']);
    await alice.ok(['library', 'create', 'Plain']);
    const r = await alice.ok(['library', 'sync', 'alice:eng-two']);
    expect(r.stderr).toBe('Started a sync of library "Eng Two"; lib library sync --wait waits for it\n');
    await alice.ok(['library', 'sync', 'alice:eng-two', '--wait']);
    expect(await alice.run(['library', 'sync', 'alice:plain'])).toMatchObject({
      code: 5,
      stderr: expect.stringContaining('a Local library does not sync'),
    });
    await alice.ok(['share', 'put', 'alice:eng-two', '--user', 'bob', '--level', 'viewer']);
    expect((await bob.run(['library', 'sync', 'alice:eng-two'])).code).toBe(4);
    fs.rmSync(path.join(s.drives, 'eng2'), { recursive: true });
    expect(await alice.run(['library', 'sync', 'alice:eng-two'])).toMatchObject({
      code: 5,
      stderr: expect.stringContaining('the drive folder eng2 does not exist'),
    });
  });
});

describe('shares', () => {
  it('put, list and delete for users and teams; viewer is accessLevel 1, editor 2', async () => {
    await alice.ok(['share', 'put', 'alice:docs', '--user', 'bob', '--level', 'viewer']);
    expect((await bob.run(['file', 'upload', '-', '--name', 'b.txt', '-l', 'alice:docs'], { input: 'b' })).code).toBe(
      4,
    );
    const put: Json = await alice.json(['share', 'put', 'alice:docs', '--user', 'bob', '--level', 'editor']);
    expect(put).toEqual({ libraryId: expect.any(String), principalType: 'user', principalId: 'bob', level: 'editor' });
    const raw: Json = await alice.json([
      '--raw',
      'share',
      'put',
      'alice:docs',
      '--user',
      'team:ds',
      '--level',
      'viewer',
    ]);
    expect(raw).toMatchObject({ principalId: 'team:ds', principalType: 'team', accessLevel: 1 });
    expect((await bob.json(['file', 'upload', '-', '--name', 'b.txt', '-l', 'alice:docs'], { input: 'b' })).name).toBe(
      'b.txt',
    );
    expect((await carol.json(['library', 'get', 'alice:docs'])).permissions).toMatchObject({
      read: true,
      write: false,
    });
    expect((await alice.ok(['share', 'list', 'alice:docs'])).stdout).toBe(
      'user\talice\towner\nuser\tbob\teditor\nuser\tteam:ds\tviewer\n',
    );
    await alice.ok(['share', 'delete', 'alice:docs', '--user', 'team:ds', '-y']);
    expect((await carol.run(['library', 'get', 'alice:docs'])).code).toBe(3);
    expect((await bob.run(['share', 'put', 'alice:docs', '--user', 'carol', '--level', 'viewer'])).code).toBe(4);
    expect((await alice.run(['share', 'put', 'alice:docs', '--user', 'nobody', '--level', 'viewer'])).code).toBe(3);
    expect((await alice.run(['share', 'put', 'alice:docs', '--user', 'alice', '--level', 'viewer'])).code).toBe(4);
    expect((await alice.run(['share', 'delete', 'alice:docs', '--user', 'carol', '-y'])).code).toBe(3);
  });
});
