/**
 * The `lib file sync` cases run against `lib serve` in both remote dialects
 * (mistral: no folders, names only; hal: folders), in-process server, the
 * built lib in-process too: first sync, no-op, edits, adds, moves, deletes
 * with and without --delete, --dry-run, and a run through injected faults
 * that converges with no duplicates.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { syncActions as actions } from '../helpers.js';
import { apiUpload } from '../e2e-mistral/helpers.js';
import { expectNothingLeaked, startHal, type Cli, type HalServe, type Json } from './helpers.js';

type Provider = 'mistral' | 'hal';

export function syncCases(provider: Provider): void {
  let s: HalServe;
  let alice: Cli;
  let n = 0;
  const lib = () => (provider === 'hal' ? `alice:sync-${n}` : `Sync ${n}`);
  const create = async () => {
    n++;
    await alice.ok(['library', 'create', provider === 'hal' ? `sync-${n}` : `Sync ${n}`]);
    const dir = path.join(alice.work, `tree${n}`);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  };
  const put = (dir: string, rel: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  };
  const remote = async (c: Cli = alice): Promise<string[]> =>
    ((await c.json(['file', 'list', '-l', lib(), '--all'])) as Json[]).map((f) => `${f.path ?? ''}${f.name}`).sort();

  beforeAll(async () => {
    s = await startHal({ processingMs: 0 });
    alice = s.cli('alice', { LIB_PROVIDER: provider });
  }, 60_000);
  afterAll(async () => {
    const leaks = expectNothingLeaked(s);
    await s?.close();
    expect(leaks).toEqual([]);
  });

  it('first sync, no-op, edits, adds, a rename, deletes with and without --delete, --dry-run', async () => {
    const dir = await create();
    put(dir, 'a.md', 'alpha');
    put(dir, 'b.md', 'beta');
    put(dir, 'sub/c d é.md', 'gamma');
    put(dir, 'gone.md', 'soon gone');
    let r = await alice.run(['file', 'sync', dir, '-l', lib()]);
    expect(r.code, r.stderr).toBe(0);
    const c = provider === 'hal' ? 'sub/c d é.md' : 'c d é.md';
    expect(actions(r.stdout)).toEqual(['upload a.md', 'upload b.md', 'upload gone.md', 'upload sub/c d é.md']);
    if (provider === 'mistral') {
      expect(r.stderr).toContain(
        'lib: the mistral provider has no folders: files in subdirectories are synced by name\n',
      );
    }
    expect(r.stderr).toMatch(/4 uploaded, 0 replaced, 0 moved, 0 deleted, 0 unchanged in /);
    expect(await remote()).toEqual(['a.md', 'b.md', c, 'gone.md'].sort());

    r = await alice.run(['file', 'sync', dir, '-l', lib()]);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toMatch(/0 uploaded, 0 replaced, 0 moved, 0 deleted, 4 unchanged in /);

    put(dir, 'a.md', 'alpha v2');
    put(dir, 'new.md', 'new');
    fs.renameSync(path.join(dir, 'b.md'), path.join(dir, 'bee.md'));
    fs.rmSync(path.join(dir, 'gone.md'));
    const before = await remote();
    r = await alice.run(['file', 'sync', dir, '-l', lib(), '--delete', '--dry-run']);
    expect(r.code).toBe(0);
    expect(actions(r.stdout)).toEqual(['delete gone.md', 'move bee.md', 'replace a.md', 'upload new.md']);
    expect(await remote()).toEqual(before);

    r = await alice.run(['file', 'sync', dir, '-l', lib()]);
    expect(r.code, r.stderr).toBe(0);
    expect(actions(r.stdout)).toEqual(['move bee.md', 'replace a.md', 'upload new.md']);
    expect(await remote()).toEqual(['a.md', 'bee.md', c, 'gone.md', 'new.md'].sort());
    expect((await alice.ok(['file', 'download', 'a.md', '-l', lib(), '-o', '-'])).stdout).toBe('alpha v2');

    r = await alice.run(['--json', 'file', 'sync', dir, '-l', lib(), '--delete']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Json;
    expect(out.summary).toMatchObject({ uploaded: 0, replaced: 0, moved: 0, deleted: 1, unchanged: 4, failed: 0 });
    expect(out.actions).toEqual([
      expect.objectContaining({ action: 'delete', path: 'gone.md', name: 'gone.md', status: 'done' }),
    ]);
    expect(await remote()).toEqual(['a.md', 'bee.md', c, 'new.md'].sort());
  }, 60_000);

  it(`${provider === 'hal' ? 'syncs into --path' : 'refuses --path before any request'}`, async () => {
    const dir = await create();
    put(dir, 'x.md', 'x');
    put(dir, 'deep/y.md', 'y');
    const r = await alice.run(['file', 'sync', dir, '-l', lib(), '--path', 'site']);
    if (provider === 'mistral') {
      expect(r).toMatchObject({
        code: 2,
        stdout: '',
        stderr: 'lib: the mistral provider does not support paths (--path)\n',
      });
      return;
    }
    expect(r.code, r.stderr).toBe(0);
    expect(await remote()).toEqual(['site/deep/y.md', 'site/x.md']);
    const again = await alice.run(['file', 'sync', dir, '-l', lib(), '--path', 'site']);
    expect(again).toMatchObject({ code: 0, stdout: '' });
  });

  it('--wait waits for processing; the same content twice is one document where the API keeps one per content', async () => {
    const dir = await create();
    put(dir, 'one.md', 'same bytes');
    put(dir, 'two.md', 'same bytes');
    const r = await alice.run(['--json', 'file', 'sync', dir, '-l', lib(), '--wait']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Json;
    if (provider === 'mistral') {
      expect(out.summary).toMatchObject({ uploaded: 1, failed: 0 });
      expect(r.stderr).toMatch(
        /^lib: (one|two)\.md: the library already holds this content as "(one|two)\.md" and keeps one document per content; not uploaded\n$/,
      );
    } else {
      expect(out.summary).toMatchObject({ uploaded: 2, failed: 0 });
      expect(r.stderr).toBe('');
    }
    const statuses = ((await alice.json(['file', 'list', '-l', lib(), '--all'])) as Json[]).map((f) => f.status);
    expect(new Set(statuses)).toEqual(new Set(['ready']));
  });

  if (provider === 'mistral') {
    it('two documents under one name (Mistral lets them in): the one with the local content stays', async () => {
      const dir = await create();
      const library = (await alice.json(['library', 'get', lib()])) as Json;
      const stale = await apiUpload(s, s.tokens.alice, library.id, 'twice.md', 'stale copy');
      const good = await apiUpload(s, s.tokens.alice, library.id, 'twice.md', 'the local content');
      put(dir, 'twice.md', 'the local content');
      const r = await alice.run(['file', 'sync', dir, '-l', lib()]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`delete\ttwice.md\ttwice.md\t${stale.id}\n`);
      const left = (await alice.json(['file', 'list', '-l', lib(), '--all'])) as Json[];
      expect(left.map((f) => f.id)).toEqual([good.id]);
    });
  }

  it('through 10% 429, 5% 503 and 2% resets: converges, with no duplicates', async () => {
    const faulty = await startHal({ processingMs: 0, faults: { '429': 0.1, '503': 0.05, reset: 0.02 } });
    try {
      const bob = faulty.cli('bob', { LIB_PROVIDER: provider, LIB_RETRY_BASE_MS: '2' });
      const name = provider === 'hal' ? 'bob:faulty' : 'Faulty';
      let created = false;
      for (let i = 0; i < 20 && !created; i++) created = (await bob.run(['library', 'create', 'Faulty'])).code === 0;
      expect(created).toBe(true);
      const dir = path.join(bob.work, 'tree');
      for (let i = 0; i < 36; i++) put(dir, `d${i % 3}/f${String(i).padStart(2, '0')}.md`, `file ${i}`);
      let r = await bob.run(['file', 'sync', dir, '-l', name]);
      expect(r.code, r.stderr).toBe(0);
      for (let i = 0; i < 6; i++) put(dir, `d${i % 3}/f${String(i).padStart(2, '0')}.md`, `file ${i}, edited`);
      for (let i = 30; i < 33; i++) fs.rmSync(path.join(dir, `d${i % 3}/f${i}.md`));
      r = await bob.run(['file', 'sync', dir, '-l', name, '--delete']);
      expect(r.code, r.stderr).toBe(0);
      r = await bob.run(['file', 'sync', dir, '-l', name, '--delete']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/0 uploaded, 0 replaced, 0 moved, 0 deleted, 33 unchanged in /);
      const listed = ((await bob.json(['file', 'list', '-l', name, '--all'])) as Json[]).map(
        (f) => `${f.path ?? ''}${f.name}`,
      );
      expect(listed).toHaveLength(33);
      expect(new Set(listed).size).toBe(33);
      expect((await bob.ok(['file', 'download', 'f03.md', '-l', name, '-o', '-'])).stdout).toBe('file 3, edited');
    } finally {
      expectNothingLeaked(faulty);
      await faulty.close();
    }
  }, 120_000);
}
