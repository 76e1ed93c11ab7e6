/**
 * `lib file sync` against lib serve's ai21 dialect: the one account library,
 * folders as AI21 paths, no content hash (the state file decides), no rename
 * (a move is an upload, and the old file goes only with --delete), duplicate
 * names refused (a changed file is deleted, then uploaded), and AI21's type
 * limit checked before any byte: that file fails, the rest go in, and
 * nothing is deleted in that run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncActions as actions } from '../helpers.js';
import { expectNothingLeaked, startAi21, type Ai21Serve, type Cli, type Json } from './helpers.js';

let s: Ai21Serve;
let alice: Cli;

beforeAll(async () => {
  s = await startAi21();
  alice = s.cli('alice');
});
afterAll(async () => {
  const leaks = expectNothingLeaked(s);
  await s.close();
  expect(leaks).toEqual([]);
});

let n = 0;
function tree(): { dir: string; prefix: string } {
  n++;
  const dir = path.join(alice.work, `tree${n}`);
  fs.mkdirSync(dir, { recursive: true });
  return { dir, prefix: `t${n}` };
}
function put(dir: string, rel: string, content: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), content);
}
/** The library's files under the prefix, as path+name -> id. */
async function remote(prefix: string): Promise<Map<string, string>> {
  const files = (await alice.json(['file', 'list', '--path', prefix, '--all'])) as Json[];
  return new Map(files.map((f) => [`${f.path}${f.name}`, f.id as string]));
}

describe('lib file sync (ai21)', () => {
  it('first sync, no-op, an edit, an add, a move, deletes only with --delete', async () => {
    const { dir, prefix } = tree();
    put(dir, 'a.md', 'alpha');
    put(dir, 'sub/b.txt', 'beta');
    put(dir, 'old.md', 'old');

    let r = await alice.run(['file', 'sync', dir, '--path', prefix]);
    expect(r.code, r.stderr).toBe(0);
    expect(actions(r.stdout)).toEqual(['upload a.md', 'upload old.md', 'upload sub/b.txt']);
    const first = await remote(prefix);
    expect([...first.keys()].sort()).toEqual([`${prefix}/a.md`, `${prefix}/old.md`, `${prefix}/sub/b.txt`]);

    r = await alice.run(['file', 'sync', dir, '--path', prefix]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');

    put(dir, 'a.md', 'alpha, edited');
    put(dir, 'c.html', '<p>new</p>');
    fs.renameSync(path.join(dir, 'sub/b.txt'), path.join(dir, 'moved.txt'));
    r = await alice.run(['file', 'sync', dir, '--path', prefix]);
    expect(r.code, r.stderr).toBe(0);
    const second = await remote(prefix);
    // AI21 cannot rename: the moved file is uploaded, and the old one stays without --delete.
    expect([...second.keys()].sort()).toEqual([
      `${prefix}/a.md`,
      `${prefix}/c.html`,
      `${prefix}/moved.txt`,
      `${prefix}/old.md`,
      `${prefix}/sub/b.txt`,
    ]);
    // The edit replaced the file: AI21 refuses a second file of that name, so it is a new one.
    expect(second.get(`${prefix}/a.md`)).not.toBe(first.get(`${prefix}/a.md`));
    expect(second.get(`${prefix}/old.md`)).toBe(first.get(`${prefix}/old.md`));

    fs.rmSync(path.join(dir, 'old.md'));
    r = await alice.run(['file', 'sync', dir, '--path', prefix, '--delete']);
    expect(r.code, r.stderr).toBe(0);
    expect([...(await remote(prefix)).keys()].sort()).toEqual([
      `${prefix}/a.md`,
      `${prefix}/c.html`,
      `${prefix}/moved.txt`,
    ]);

    r = await alice.run(['file', 'sync', dir, '--path', prefix, '--delete']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('a type AI21 refuses is that file failure before any byte: the rest go in, nothing is deleted (exit 6)', async () => {
    const { dir, prefix } = tree();
    put(dir, 'keep.md', 'keep');
    put(dir, 'gone.md', 'gone');
    expect((await alice.run(['file', 'sync', dir, '--path', prefix])).code).toBe(0);

    fs.rmSync(path.join(dir, 'gone.md'));
    put(dir, 'new.md', 'new');
    put(dir, 'picture.png', 'not a document');
    const r = await alice.run(['file', 'sync', dir, '--path', prefix, '--delete', '--debug']);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('1 of 4 failed: '); // keep, new, gone (its deletion) and the picture
    expect(r.stderr).toContain(
      `lib: ${path.join(dir, 'picture.png')}: the ai21 provider takes PDF, DOCX, HTML, TXT and MD files only, not .png`,
    );
    // One upload was sent (new.md), none for the picture, and no delete at all.
    const sent = r.stderr.split('\n').filter((l) => /^\[debug\] > (POST|DELETE) /.test(l));
    expect(sent.map((l) => l.split(' ')[2])).toEqual(['POST']);
    expect([...(await remote(prefix)).keys()].sort()).toEqual([
      `${prefix}/gone.md`,
      `${prefix}/keep.md`,
      `${prefix}/new.md`,
    ]);
  });
});
