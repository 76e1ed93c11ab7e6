/**
 * Downloading several files, a folder or a whole library into a directory:
 * folders become directories, server names cannot choose where files land, an
 * existing file is a per-file conflict (the rest still come), exit 6.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers.js';
import { Cli, newSecrets, startServe, type Serve } from '../e2e-mistral/helpers.js';

const sb = new Sandbox();
let serve: Serve;
let alice: Cli;
beforeAll(async () => {
  await sb.lib(['library', 'create', 'docs', '-q']);
  await sb.lib(['file', 'upload', sb.file('a.md', 'A'), '-l', 'docs', '-q']);
  await sb.lib(['file', 'upload', sb.file('b.md', 'BB'), '-l', 'docs', '--path', 'hr/2024', '-q']);
  await sb.lib(['file', 'upload', sb.file('c.md', 'CCC'), '-l', 'docs', '--path', 'hr', '-q']);
  const secrets = newSecrets();
  serve = await startServe({ processingMs: 0, secrets });
  alice = new Cli(serve, secrets.alice);
});
afterAll(async () => {
  alice.cleanup();
  await serve.dispose();
  sb.cleanup();
});

const tree = (dir: string): string[] =>
  fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();

describe('file download of many', () => {
  it('--all: every file, folders as directories', async () => {
    const out = path.join(sb.work, 'all');
    fs.mkdirSync(out);
    const r = await sb.run(['file', 'download', '--all', '-l', 'docs', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(tree(out)).toEqual(['a.md', path.join('hr', '2024', 'b.md'), path.join('hr', 'c.md')]);
    expect(fs.readFileSync(path.join(out, 'hr', '2024', 'b.md'), 'utf8')).toBe('BB');
    expect(r.stderr).toMatch(/3 of 3 downloaded to /);
  });

  it('--path: a folder and below; names: just those; an existing file is its own failure (exit 6)', async () => {
    const out = path.join(sb.work, 'hr');
    fs.mkdirSync(out);
    expect((await sb.run(['file', 'download', '--path', 'hr/2024', '-l', 'docs', '-o', out])).code).toBe(0);
    expect(tree(out)).toEqual([path.join('hr', '2024', 'b.md')]);

    const picked = path.join(sb.work, 'picked');
    fs.mkdirSync(picked);
    fs.writeFileSync(path.join(picked, 'a.md'), 'mine');
    const r = await sb.run(['file', 'download', 'a.md', 'hr/c.md', '-l', 'docs', '-o', picked]);
    expect(r.code).toBe(6);
    expect(fs.readFileSync(path.join(picked, 'a.md'), 'utf8')).toBe('mine'); // not replaced
    expect(fs.readFileSync(path.join(picked, 'hr', 'c.md'), 'utf8')).toBe('CCC');
  });

  it('refuses what cannot be done before any download', async () => {
    expect((await sb.run(['file', 'download', 'a.md', 'b.md', '-l', 'docs', '-o', '-'])).code).toBe(2);
    expect((await sb.run(['file', 'download', '--all', '-l', 'docs', '-o', 'nowhere'])).code).toBe(2);
    expect((await sb.run(['file', 'download', '-l', 'docs'])).code).toBe(2);
  });

  it('on mistral too', async () => {
    await alice.ok(['library', 'create', 'Remote']);
    for (const n of ['x.md', 'y.md']) await alice.ok(['file', 'upload', alice.file(n, n), '-l', 'Remote']);
    const out = path.join(alice.work, 'out');
    fs.mkdirSync(out);
    const r = await alice.run(['file', 'download', '--all', '-l', 'Remote', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(tree(out)).toEqual(['x.md', 'y.md']);
  });
});
