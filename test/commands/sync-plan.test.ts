/**
 * sync's decision without a server, on a scratch sync database: where the
 * provider reports no content hash (ai21's registry entry), the state decides;
 * a remote file the state does not know is replaced, never duplicated. And the
 * ignore rules.
 */
import { describe, expect, it } from 'vitest';
import { makeFilter } from '../../src/commands/file/ignore.js';
import { type PlanOptions, type StateEntry, SyncDb } from '../../src/commands/file/sync-db.js';
import type { LocalFile, Plan, RemoteFile } from '../../src/commands/file/sync-plan.js';

const local = (key: string, sha: string, size = 1): LocalFile => ({
  rel: key,
  filePath: `/d/${key}`,
  key,
  path: key.includes('/') ? key.slice(0, key.lastIndexOf('/') + 1) : '',
  name: key.split('/').pop()!,
  size,
  mtimeMs: 1,
  sha256: sha,
});
const remote = (key: string, id: string, hash: string | null = null, size = 1): RemoteFile => ({
  key,
  path: key.includes('/') ? key.slice(0, key.lastIndexOf('/') + 1) : '',
  file: { id, name: key.split('/').pop()!, hash, size, updatedAt: '2026-01-01T00:00:00Z' },
});
const entry = (sha: string, remoteId: string, size = 1): StateEntry => ({
  local: '/d/x',
  size,
  mtimeMs: 1,
  sha256: sha,
  remoteId,
  remoteVersion: null,
});
interface Input extends PlanOptions {
  locals: LocalFile[];
  remotes: RemoteFile[];
  state: Map<string, StateEntry>;
}
/** The plan of these files, with what the database says was unchanged and kept. */
const plan = (input: Input): Plan & { unchangedPairs: [string, string][]; keptKeys: string[] } => {
  const db = SyncDb.scratch();
  try {
    for (const [key, e] of input.state) db.record(key, e);
    for (const l of input.locals) expect(db.addLocal(l)).toBeUndefined();
    for (const r of input.remotes) db.addRemote(r);
    const p = db.plan(input);
    return { ...p, unchangedPairs: db.unchanged(), keptKeys: db.kept() };
  } finally {
    db.close();
  }
};
const kinds = (p: Plan) => p.actions.map((a) => `${a.kind} ${'local' in a ? a.local.key : a.remote.key}`).sort();

describe('plan without content hashes (the state file decides)', () => {
  const base = { contentHash: false, rename: false, delete: true };

  it('unchanged when the remote is the one recorded and the content is the same; else replaced', () => {
    const state = new Map([
      ['same.md', entry('s1', 'r1')],
      ['edited.md', entry('old', 'r2')],
      ['swapped.md', entry('s3', 'r3')],
    ]);
    const p = plan({
      ...base,
      state,
      locals: [local('same.md', 's1'), local('edited.md', 'new'), local('swapped.md', 's3'), local('unknown.md', 'u')],
      // swapped.md: someone replaced it remotely (another id); unknown.md: uploaded by a run killed before it recorded it.
      remotes: [
        remote('same.md', 'r1'),
        remote('edited.md', 'r2'),
        remote('swapped.md', 'r9'),
        remote('unknown.md', 'r4'),
      ],
    });
    expect(p.unchangedPairs.map(([key]) => key)).toEqual(['same.md']);
    expect(p.unchanged).toBe(1);
    expect(kinds(p)).toEqual(['replace edited.md', 'replace swapped.md', 'replace unknown.md']);
  });

  it('a move found through the state: uploaded, the old deleted with --delete (no rename on this provider)', () => {
    const state = new Map([['old/a.md', entry('sa', 'r1')]]);
    const input = { ...base, state, locals: [local('new/a.md', 'sa')], remotes: [remote('old/a.md', 'r1')] };
    expect(kinds(plan(input))).toEqual(['move new/a.md']);
    expect(kinds(plan({ ...input, delete: false }))).toEqual(['upload new/a.md']);
    expect(plan({ ...input, delete: false }).keptKeys).toEqual(['old/a.md']);
    expect(plan({ ...input, delete: false }).kept).toBe(1);
  });
});

describe('plan with content hashes', () => {
  it('compares hashes, renames in the same folder where the provider renames, and picks one of duplicates', () => {
    const p = plan({
      contentHash: true,
      rename: true,
      delete: true,
      state: new Map(),
      locals: [local('a.md', 'ha'), local('b2.md', 'hb'), local('c.md', 'hc2')],
      remotes: [
        remote('a.md', 'r1', 'HA'.toLowerCase()),
        remote('a.md', 'r1dup', 'other'),
        remote('b.md', 'r2', 'hb'),
        remote('c.md', 'r3', 'hc'),
      ],
    });
    expect(p.unchangedPairs.map(([, id]) => id)).toEqual(['r1']);
    expect(kinds(p)).toEqual(['delete a.md', 'rename b2.md', 'replace c.md']);
  });
});

describe('ignore rules', () => {
  it('--include of a folder takes what is in it', () => {
    const g = makeFilter(undefined, ['guides/'], []);
    expect([g.keepPath('guides/a.md'), g.keepPath('guides/x/b.md'), g.keepPath('other/a.md')]).toEqual([
      true,
      true,
      false,
    ]);
  });

  const f = makeFilter(
    '# c\nbuild/\n*.log\n!keep.log\n/root.md\ndocs/**/draft-*\n\\#hash.md\n',
    ['*.md', '*.log'],
    ['tmp'],
  );
  it.each([
    ['a.md', true],
    ['x.log', false],
    ['keep.log', true],
    ['sub/keep.log', true],
    ['build/a.md', false],
    ['sub/build/a.md', false],
    ['root.md', false],
    ['sub/root.md', true],
    ['docs/x/y/draft-1.md', false],
    ['docs/draft-1.md', false],
    ['#hash.md', false],
    ['tmp/a.md', false],
    ['notes.txt', false],
    ['.libignore', false],
  ])('%s -> %s', (rel, kept) => {
    expect(f.keepPath(rel)).toBe(kept);
  });
});
