/**
 * lib file upload on the local provider: one file, several, a directory,
 * stdin; --path, --label, --public-url, --attribute; conflicts and
 * --overwrite. In a pipe: exact stdout, stderr and exit codes.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exactly, ISO, json, Sandbox, SHA256, UUID } from '../helpers.js';
import { lines } from './fixtures.js';

interface Doc {
  id: string;
  libraryId: string;
  name: string;
  path: string;
  labels: string[];
  publicUrl: string | null;
  mimeType: string | null;
  size: number;
  hash: string;
  status: string;
  providerStatus: string;
  attributes: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

const FILE_KEYS = [
  'id',
  'libraryId',
  'name',
  'path',
  'labels',
  'publicUrl',
  'mimeType',
  'size',
  'hash',
  'status',
  'providerStatus',
  'summary',
  'pages',
  'attributes',
  'createdAt',
  'updatedAt',
  'error',
  'textNote',
];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const size = (text: string) => Buffer.byteLength(text);
/** A pipe row of file list / upload: id, name, path, status, size, labels, updated. */
const row = (name: string, path: string, bytes: number, labels = '', id: RegExp | string = UUID) =>
  exactly`${id}\t${name}\t${path}\tready\t${bytes}\t${labels}\t${ISO}`;

const POLICY = '# Expenses\nMeals are reimbursed up to 50 EUR.\n';

// A fresh LIB_HOME and library "docs" for every test: each uploads what it looks at.
let sb: Sandbox;
let libraryId = '';
beforeEach(async () => {
  sb = new Sandbox();
  libraryId = (await sb.lib(['library', 'create', 'docs', '-q'])).trim();
});
afterEach(() => sb.cleanup());

/** What the conflict tests upload onto: policy.md at the top, a.md and b.md under policies/2024/. */
async function uploadedBefore(): Promise<void> {
  sb.file('policy.md', POLICY);
  sb.file('a.md', 'alpha\n');
  sb.file('b.md', 'beta\n');
  await sb.lib(['file', 'upload', 'policy.md', '-l', 'docs', '-q']);
  await sb.lib(['file', 'upload', 'a.md', 'b.md', '-l', 'docs', '--path', 'policies/2024', '-q']);
}

describe('file upload', () => {
  it('one file: prints its record (id, name, path, status, size, labels, updated) and says so on stderr', async () => {
    sb.file('policy.md', POLICY);
    const r = await sb.run(['file', 'upload', 'policy.md', '--library', 'docs']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      exactly`id\t${UUID}\nname\tpolicy.md\npath\t\nstatus\tready\nsize\t${size(POLICY)}\nlabels\t\nupdated\t${ISO}\n`,
    );
    const id = /^id\t(.*)$/m.exec(r.stdout)![1]!;
    expect(r.stderr).toBe(`Uploaded policy.md -> "policy.md" (${id})\n`);

    const doc = json<Doc>(await sb.lib(['file', 'get', id, '--library', 'docs', '--json']));
    expect(Object.keys(doc)).toEqual(FILE_KEYS);
    expect(doc).toEqual({
      id,
      libraryId,
      name: 'policy.md',
      path: '',
      labels: [],
      publicUrl: null,
      mimeType: 'text/markdown',
      size: size(POLICY),
      hash: sha256(POLICY),
      status: 'ready',
      providerStatus: 'ready',
      summary: null,
      pages: null,
      attributes: {},
      createdAt: expect.stringMatching(ISO),
      updatedAt: doc.createdAt,
      error: null,
      textNote: null,
    });
  });

  it('several files: a list, with --path and repeated --label', async () => {
    sb.file('a.md', 'alpha\n');
    sb.file('b.md', 'beta\n');
    const r = await sb.run([
      'file',
      'upload',
      'a.md',
      'b.md',
      '-l',
      'docs',
      '--path',
      'policies/2024',
      '--label',
      'hr',
      '--label',
      'current',
    ]);
    expect(r.code).toBe(0);
    const rows = lines(r.stdout);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(row('a.md', 'policies/2024/', 6, 'hr,current'));
    expect(rows[1]).toMatch(row('b.md', 'policies/2024/', 5, 'hr,current'));
    expect(lines(r.stderr).sort()).toEqual([
      `Uploaded a.md -> "a.md" (${rows[0]!.split('\t')[0]})`,
      `Uploaded b.md -> "b.md" (${rows[1]!.split('\t')[0]})`,
    ]);
  });

  it('a directory with --recursive: its files, subfolders becoming paths under --path', async () => {
    sb.file('reports/q1.csv', 'q,revenue\n1,100\n');
    sb.file('reports/2024/jan.md', '# January\n');
    sb.file('reports/2024/feb/notes.txt', 'February notes\n');
    const r = await sb.run(['file', 'upload', 'reports', '--recursive', '-l', 'docs', '--path', 'archive', '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const docs = json<Doc[]>(r.stdout);
    expect(docs.map((d) => [d.path, d.name, d.mimeType])).toEqual([
      ['archive/2024/feb/', 'notes.txt', 'text/plain'],
      ['archive/2024/', 'jan.md', 'text/markdown'],
      ['archive/', 'q1.csv', 'text/csv'],
    ]);
    // Without --path, the directory's own files land at the root.
    const plain = await sb.run(['file', 'upload', 'reports/2024', '-r', '-l', 'docs', '-q']);
    expect(plain).toMatchObject({ code: 0, stderr: '' });
    expect(lines(plain.stdout)).toHaveLength(2);
    const listed = await sb.lib(['file', 'list', '-l', 'docs', '--name', 'notes.txt']);
    expect(lines(listed).map((l) => l.split('\t')[2])).toEqual(['archive/2024/feb/', 'feb/']);
  });

  it('- reads stdin, named by --name', async () => {
    const text = '# FAQ\nHow do I claim expenses?\n';
    const r = await sb.run(['file', 'upload', '-', '--name', 'faq.md', '-l', 'docs'], { input: text });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      exactly`id\t${UUID}\nname\tfaq.md\npath\t\nstatus\tready\nsize\t${size(text)}\nlabels\t\nupdated\t${ISO}\n`,
    );
    expect(r.stderr).toMatch(exactly`Uploaded faq.md -> "faq.md" (${UUID})\n`);
    expect(await sb.lib(['file', 'text', 'faq.md', '-l', 'docs'])).toBe(text);
    expect(await sb.run(['file', 'upload', '-', '-l', 'docs'], { input: 'x' })).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'lib: uploading stdin (-) needs --name\n',
    });
  });

  it('--public-url and --attribute K:=JSON (numbers and booleans typed explicitly) and K=TEXT', async () => {
    sb.file('data.csv', 'year,value\n2024,1\n');
    const r = await sb.run([
      'file',
      'upload',
      'data.csv',
      '-l',
      'docs',
      '--public-url',
      'https://example.com/data.csv',
      '--attribute',
      'year:=2024',
      '--attribute',
      'team=hr',
      '--attribute',
      'draft:=false',
      '--json',
    ]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(json<Doc>(r.stdout)).toMatchObject({
      name: 'data.csv',
      publicUrl: 'https://example.com/data.csv',
      attributes: { year: 2024, team: 'hr', draft: false },
      mimeType: 'text/csv',
      hash: expect.stringMatching(SHA256),
    });
    expect(await sb.run(['file', 'upload', 'data.csv', '-l', 'docs', '--attribute', 'oops'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'lib: invalid attribute "oops": expected KEY=TEXT or KEY:=JSON\n',
    });
  });

  it('the same name at the same path is a conflict (exit 5) unless --overwrite, which keeps the id', async () => {
    await uploadedBefore();
    const before = json<Doc>(await sb.lib(['file', 'get', 'policy.md', '-l', 'docs', '--json']));
    const conflict = await sb.run(['file', 'upload', 'policy.md', '-l', 'docs']);
    expect(conflict).toMatchObject({
      code: 5,
      stdout: '',
      stderr: 'lib: file "policy.md" already exists in library "docs"\nUse --overwrite to replace it.\n',
    });
    const atPath = await sb.run(['file', 'upload', 'a.md', '-l', 'docs', '--path', '/policies//2024/']);
    expect(atPath).toMatchObject({
      code: 5,
      stdout: '',
      stderr:
        'lib: file "a.md" already exists in library "docs" at path "policies/2024/"\nUse --overwrite to replace it.\n',
    });

    const changed = POLICY + 'Taxis too.\n';
    sb.file('policy.md', changed);
    const r = await sb.run(['file', 'upload', 'policy.md', '-l', 'docs', '--overwrite', '--label', 'v2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      exactly`id\t${before.id}\nname\tpolicy.md\npath\t\nstatus\tready\nsize\t${size(changed)}\nlabels\tv2\nupdated\t${ISO}\n`,
    );
    expect(r.stderr).toBe(`Replaced policy.md -> "policy.md" (${before.id})\n`);
    const after = json<Doc>(await sb.lib(['file', 'get', before.id, '-l', 'docs', '--json']));
    expect(after).toMatchObject({ id: before.id, hash: sha256(changed), createdAt: before.createdAt, labels: ['v2'] });
    expect(lines(await sb.lib(['file', 'list', '-l', 'docs', '--name', 'policy.md', '-q']))).toEqual([before.id]);
  });

  it('the same name at another path is no conflict', async () => {
    await uploadedBefore();
    const r = await sb.run(['file', 'upload', 'policy.md', '-l', 'docs', '--path', 'old', '-q']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(exactly`${UUID}\n`);
  });

  it('several files: each failure on stderr; exit 6 when some failed, 5 when all were conflicts', async () => {
    await uploadedBefore();
    sb.file('c.md', 'gamma\n');
    const some = await sb.run([
      'file',
      'upload',
      'c.md',
      'a.md',
      '-l',
      'docs',
      '--path',
      'policies/2024',
      '--concurrency',
      '1',
    ]);
    expect(some.code).toBe(6);
    expect(lines(some.stdout)).toEqual([expect.stringMatching(row('c.md', 'policies/2024/', 6))]);
    expect(some.stderr).toMatch(
      exactly`Uploaded c.md -> "c.md" (${UUID})\nlib: a.md: file "a.md" already exists in library "docs" at path "policies/2024/"\nlib: 1 of 2 failed: a.md\n`,
    );

    const all = await sb.run(['file', 'upload', 'a.md', 'b.md', '-l', 'docs', '--path', 'policies/2024']);
    expect(all.code).toBe(5);
    expect(all.stdout).toBe('');
    const stderr = lines(all.stderr);
    expect(stderr.slice(0, 2).sort()).toEqual([
      'lib: a.md: file "a.md" already exists in library "docs" at path "policies/2024/"',
      'lib: b.md: file "b.md" already exists in library "docs" at path "policies/2024/"',
    ]);
    expect(stderr[2]).toBe('lib: 2 of 2 failed: a.md, b.md');
  });

  it('--wait returns once processed (at once, locally); `doc` is an alias of `file`', async () => {
    sb.file('w.txt', 'wait for me\n');
    const r = await sb.run(['doc', 'upload', 'w.txt', '-l', 'docs', '--wait', '--timeout', '5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      exactly`id\t${UUID}\nname\tw.txt\npath\t\nstatus\tready\nsize\t12\nlabels\t\nupdated\t${ISO}\n`,
    );
    expect(await sb.run(['file', 'upload', 'w.txt', '-l', 'docs', '--timeout', '5'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'lib: --timeout goes with --wait\n',
    });
  });

  it('--name renames one file, and cannot name several', async () => {
    sb.file('w.txt', 'wait for me\n');
    sb.file('a.md', 'alpha\n');
    sb.file('b.md', 'beta\n');
    const r = await sb.run(['file', 'upload', 'w.txt', '-l', 'docs', '--name', 'renamed.txt', '-q']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(await sb.run(['file', 'upload', 'a.md', 'b.md', '-l', 'docs', '--name', 'x.md'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'lib: --name applies to a single file; it cannot name several\n',
    });
  });
});
