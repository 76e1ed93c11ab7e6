/**
 * lib file sync on the local provider, in-process: first sync, no-op, edits,
 * adds, deletes with and without --delete, moves, --dry-run, --max-delete and
 * the half-library guard, ignore rules, no deletion after a failed upload,
 * unicode and spaces, an empty directory, and the output modes.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Sandbox, syncActions as actions } from '../helpers.js';
import { openDatabase } from '../sqlite.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

let n = 0;
let lib = '';
let dir = '';
beforeEach(async () => {
  n++;
  lib = `docs${n}`;
  dir = path.join(sb.work, `tree${n}`);
  fs.mkdirSync(dir, { recursive: true });
  await sb.lib(['library', 'create', lib, '-q']);
});

const put = (rel: string, content: string) => {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
};
const sync = (...args: string[]) => sb.run(['file', 'sync', dir, '-l', lib, ...args]);
/** "path/name" of every file in the library, sorted. */
const remote = async () =>
  (JSON.parse(await sb.lib(['file', 'list', '-l', lib, '--all', '--json'])) as { path: string; name: string }[])
    .map((f) => `${f.path ?? ''}${f.name}`)
    .sort();

describe('lib file sync (local)', () => {
  it('uploads a tree, then does nothing, then follows edits, adds and deletes', async () => {
    put('a.md', 'alpha');
    put('sub/b.md', 'beta');
    put('sub/deep/c.md', 'gamma');
    let r = await sync();
    expect(r.code).toBe(0);
    expect(actions(r.stdout)).toEqual(['upload a.md', 'upload sub/b.md', 'upload sub/deep/c.md']);
    expect(r.stdout.split('\n')[0]).toMatch(/^upload\t\S+\t\S+\t[0-9a-f-]{36}$/);
    expect(r.stderr).toMatch(/^3 uploaded, 0 replaced, 0 moved, 0 deleted, 0 unchanged in \d+\.\d s\n$/);
    expect(await remote()).toEqual(['a.md', 'sub/b.md', 'sub/deep/c.md']);

    r = await sync();
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toMatch(/^0 uploaded, 0 replaced, 0 moved, 0 deleted, 3 unchanged in /);

    const before = JSON.parse(await sb.lib(['file', 'get', 'a.md', '-l', lib, '--json'])) as { id: string };
    put('a.md', 'alpha, edited');
    put('new.md', 'new');
    fs.rmSync(path.join(dir, 'sub/b.md'));
    r = await sync();
    expect(r.code).toBe(0);
    expect(actions(r.stdout)).toEqual(['replace a.md', 'upload new.md']);
    expect(r.stderr).toContain('1 file(s) in the library are gone locally; pass --delete to delete them\n');
    expect(await remote()).toEqual(['a.md', 'new.md', 'sub/b.md', 'sub/deep/c.md']);
    const after = JSON.parse(await sb.lib(['file', 'get', 'a.md', '-l', lib, '--json'])) as { id: string };
    expect(after.id).toBe(before.id); // replaced in place: the id users hold stays valid
    expect(await sb.lib(['file', 'text', 'a.md', '-l', lib])).toBe('alpha, edited\n');

    r = await sync('--delete');
    expect(r.code).toBe(0);
    expect(actions(r.stdout)).toEqual(['delete sub/b.md']);
    expect(await remote()).toEqual(['a.md', 'new.md', 'sub/deep/c.md']);
  });

  it('renames a moved file in place in the same folder, and moves it across folders only with --delete', async () => {
    put('one.md', 'content one');
    put('f1/two.md', 'content two');
    expect((await sync()).code).toBe(0);
    const id = (JSON.parse(await sb.lib(['file', 'get', 'one.md', '-l', lib, '--json'])) as { id: string }).id;
    fs.renameSync(path.join(dir, 'one.md'), path.join(dir, 'uno.md'));
    fs.mkdirSync(path.join(dir, 'f2'));
    fs.renameSync(path.join(dir, 'f1/two.md'), path.join(dir, 'f2/two.md'));
    let r = await sync();
    expect(r.code).toBe(0);
    // The rename is in place (same id); across folders without --delete it is a plain upload, the old one kept.
    expect(r.stdout).toContain(`move\tuno.md\tuno.md\t${id}\n`);
    expect(actions(r.stdout)).toEqual(['move uno.md', 'upload f2/two.md']);
    expect(await remote()).toEqual(['f1/two.md', 'f2/two.md', 'uno.md']);
    fs.renameSync(path.join(dir, 'f2/two.md'), path.join(dir, 'two.md'));
    // Two library files hold that content now: one is moved (uploaded, then the old deleted), the other deleted.
    r = await sync('--delete', '--max-delete', '2', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { summary: Record<string, number>; actions: { action: string }[] };
    expect(out.summary).toMatchObject({ uploaded: 0, moved: 1, deleted: 1, unchanged: 1, failed: 0 });
    expect(await remote()).toEqual(['two.md', 'uno.md']);
  });

  it('--dry-run prints the plan and changes nothing', async () => {
    put('a.md', 'a');
    put('b.md', 'b');
    await sync();
    put('a.md', 'a2');
    put('c.md', 'c');
    fs.rmSync(path.join(dir, 'b.md'));
    const listed = await sb.lib(['file', 'list', '-l', lib, '--json']);
    const r = await sync('--delete', '--dry-run', '--max-delete', '5');
    expect(r.code).toBe(0);
    expect(actions(r.stdout)).toEqual(['delete b.md', 'replace a.md', 'upload c.md']);
    expect(r.stderr).toMatch(/^Dry run: 1 to upload, 1 to replace, 0 to move, 1 to delete, 0 unchanged in /);
    expect(await sb.lib(['file', 'list', '-l', lib, '--json'])).toBe(listed);
    const j = JSON.parse((await sync('--delete', '--dry-run', '--max-delete', '5', '--json')).stdout) as {
      dryRun: boolean;
      actions: { status: string }[];
    };
    expect(j.dryRun).toBe(true);
    expect(j.actions.map((a) => a.status)).toEqual(['planned', 'planned', 'planned']);
  });

  it('refuses to delete more than half the library, or more than --max-delete, before changing anything', async () => {
    for (const x of ['a', 'b', 'c', 'd']) put(`${x}.md`, x);
    await sync();
    for (const x of ['a', 'b', 'c']) fs.rmSync(path.join(dir, `${x}.md`));
    put('e.md', 'e');
    let r = await sync('--delete');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'lib: refusing to delete 3 of the 4 files in the library (more than half); nothing was changed\n' +
        'Check the directory, or allow it: --max-delete 3\n',
    );
    r = await sync('--delete', '--max-delete', '2');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('lib: refusing to delete 3 files (more than --max-delete 2); nothing was changed\n');
    expect(await remote()).toEqual(['a.md', 'b.md', 'c.md', 'd.md']);
    r = await sync('--delete', '--max-delete', '3');
    expect(r.code).toBe(0);
    expect(await remote()).toEqual(['d.md', 'e.md']);
  });

  it('follows .libignore, --exclude and --include, and never deletes what they exclude', async () => {
    put('.libignore', '# build output\nbuild/\n*.log\n!keep.log\n/top-only.md\n');
    put('a.md', 'a');
    put('notes.txt', 'n');
    put('x.log', 'x');
    put('keep.log', 'k');
    put('build/out.md', 'o');
    put('top-only.md', 't');
    put('sub/top-only.md', 's');
    put('sub/draft.tmp', 'd');
    put('.hidden.md', 'h');
    let r = await sync('--exclude', '*.tmp');
    expect(r.code).toBe(0);
    expect(await remote()).toEqual(['.hidden.md', 'a.md', 'keep.log', 'notes.txt', 'sub/top-only.md']);
    // --include narrows; what it leaves out stays in the library, even with --delete.
    r = await sync('--exclude', '*.tmp', '--include', '*.md', '--delete');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(await remote()).toEqual(['.hidden.md', 'a.md', 'keep.log', 'notes.txt', 'sub/top-only.md']);
  });

  it('syncs into --path and never touches files outside it', async () => {
    await sb.lib(['file', 'upload', sb.file(`outside${n}.md`, 'o'), '-l', lib, '--path', 'other']);
    put('a.md', 'a');
    put('s/b.md', 'b');
    expect((await sync('--path', 'site/v1')).code).toBe(0);
    expect(await remote()).toEqual([`other/outside${n}.md`, 'site/v1/a.md', 'site/v1/s/b.md']);
    fs.rmSync(path.join(dir, 's'), { recursive: true });
    const r = await sync('--path', '/site/v1/', '--delete');
    expect(r.code).toBe(0);
    expect(actions(r.stdout)).toEqual(['delete site/v1/s/b.md']);
    expect(await remote()).toEqual([`other/outside${n}.md`, 'site/v1/a.md']);
  });

  it('deletes nothing once an upload failed, and exits 6 naming it', async () => {
    put('a.md', 'a');
    put('b.md', 'b');
    await sync();
    fs.rmSync(path.join(dir, 'b.md'));
    put('bad\\name.md', 'the store refuses a backslash in a name');
    const r = await sync('--delete');
    expect(r.code).toBe(6);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('lib: bad\\name.md: invalid file name');
    expect(r.stderr).toContain('lib: 1 deletion(s) not done: an upload failed\n');
    expect(r.stderr).toMatch(/lib: 1 of \d+ failed: bad\\name\.md\n$/);
    expect(await remote()).toEqual(['a.md', 'b.md']);
  });

  it('keeps unicode and spaces in names, whatever their normalization', async () => {
    put('café au lait.md', 'nfc');
    put('dossier é/naïve.md'.normalize('NFD'), 'nfd');
    let r = await sync();
    expect(r.code).toBe(0);
    expect(await remote()).toEqual(['café au lait.md', 'dossier é/naïve.md'].map((s) => s.normalize('NFC')));
    r = await sync();
    expect(r.stderr).toMatch(/^0 uploaded, 0 replaced, 0 moved, 0 deleted, 2 unchanged/);
  });

  it('an empty directory syncs nothing, and with --delete refuses to empty the library', async () => {
    let r = await sync();
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toMatch(/^0 uploaded, 0 replaced, 0 moved, 0 deleted, 0 unchanged in /);
    await sb.lib(['file', 'upload', sb.file(`kept${n}.md`, 'k'), '-l', lib]);
    r = await sync('--delete');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^lib: refusing to delete 1 of the 1 files/);
    expect(await remote()).toEqual([`kept${n}.md`]);
  });

  it('--ndjson streams one object per action and -q prints the ids', async () => {
    put('a.md', 'a');
    put('b.md', 'b');
    let r = await sb.run(['--ndjson', 'file', 'sync', dir, '-l', lib]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.action, l.path, l.status]).sort()).toEqual([
      ['upload', 'a.md', 'done'],
      ['upload', 'b.md', 'done'],
    ]);
    put('a.md', 'a2');
    r = await sb.run(['-q', 'file', 'sync', dir, '-l', lib]);
    expect(r.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
  });

  it('refuses what it cannot do before any request', async () => {
    let r = await sb.run(['file', 'sync', path.join(sb.work, 'missing'), '-l', lib]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/missing: no such directory\n$/);
    r = await sb.run(['file', 'sync', dir, '-l', lib, '--timeout', '3']);
    expect(r).toMatchObject({ code: 2, stderr: 'lib: --timeout goes with --wait\n' });
  });

  it('skips symbolic links unless --follow-links, and skips re-reading unchanged files', async () => {
    put('real.md', 'real');
    const then = new Date('2026-01-02T03:04:05Z'); // a whole second: set back exactly below
    fs.utimesSync(path.join(dir, 'real.md'), then, then);
    fs.symlinkSync('real.md', path.join(dir, 'link.md'));
    let r = await sync();
    expect(r.stderr).toContain('link.md: a symbolic link, not followed (--follow-links follows them); skipped\n');
    expect(await remote()).toEqual(['real.md']);
    r = await sync('--follow-links');
    expect(actions(r.stdout)).toEqual(['upload link.md']);
    // The quick check: an unchanged size and mtime are trusted (rsync's rule), so a same-size edit
    // that keeps the mtime goes unseen; a new mtime is read and compared.
    const p = path.join(dir, 'real.md');
    fs.writeFileSync(p, 'REAL');
    fs.utimesSync(p, then, then);
    r = await sync('--follow-links');
    expect(r.stdout).toBe('');
    fs.utimesSync(p, new Date(), new Date(Date.now() + 5000));
    r = await sync('--follow-links');
    expect(actions(r.stdout)).toEqual(['replace link.md', 'replace real.md']);
  });

  it('keeps what it knows in one database per library: none for a dry run, a corrupt one started afresh', async () => {
    const stateDir = path.join(sb.home, 'data', 'sync');
    /** The state files of this test's library (other tests' libraries have their own). */
    const files = () => (fs.existsSync(stateDir) ? fs.readdirSync(stateDir).sort() : []);
    const before = files();
    put('a.md', 'a');
    put('sub/b.md', 'b');
    let r = await sync('--dry-run');
    expect(actions(r.stdout)).toEqual(['upload a.md', 'upload sub/b.md']);
    expect(files()).toEqual(before);

    expect((await sync()).code).toBe(0);
    const mine = files().filter((f) => !before.includes(f));
    const db = mine.find((f) => f.endsWith('.db'))!;
    expect(db).toMatch(/^[0-9a-f]{32}\.db$/);
    expect(mine.every((f) => f.startsWith(db))).toBe(true);
    expect(fs.statSync(path.join(stateDir, db)).mode & 0o777).toBe(0o600);
    const state = openDatabase(path.join(stateDir, db), { readonly: true });
    expect(state.prepare('SELECT key, sha256 FROM state ORDER BY key').all()).toEqual([
      { key: 'a.md', sha256: createHash('sha256').update('a').digest('hex') },
      { key: 'sub/b.md', sha256: createHash('sha256').update('b').digest('hex') },
    ]);
    state.close();

    // A dry run of changes reads the state and writes none of it.
    put('a.md', 'a2');
    const bytes = () => mine.map((f) => fs.readFileSync(path.join(stateDir, f)).toString('base64'));
    const was = bytes();
    r = await sync('--dry-run');
    expect(actions(r.stdout)).toEqual(['replace a.md']);
    expect(bytes()).toEqual(was);

    // Garbage where the state was (and a state file of the JSON days beside it): started afresh.
    for (const f of mine) fs.rmSync(path.join(stateDir, f));
    fs.writeFileSync(path.join(stateDir, db), 'not a database, '.repeat(500));
    fs.writeFileSync(path.join(stateDir, db.replace(/\.db$/, '.json')), '{"version":1}');
    r = await sync();
    expect(r.code).toBe(0);
    expect(actions(r.stdout)).toEqual(['replace a.md']);
    expect(r.stderr).toMatch(/^0 uploaded, 1 replaced, 0 moved, 0 deleted, 1 unchanged in /);
    expect(files().filter((f) => !before.includes(f) && !f.startsWith(db))).toEqual([]);
    r = await sync();
    expect(r).toMatchObject({ code: 0, stdout: '' });
  });
});
