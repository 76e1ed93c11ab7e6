/**
 * lib file list|get|update|delete|download|text|status|wait on the local
 * provider, in a pipe. The files are put in place through the store the
 * binary uses (faster than uploading each, and the only way to get files
 * that are still pending or that failed); every verb runs as the binary.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TestClock } from '../clock.js';
import { exactly, ISO, json, Sandbox } from '../helpers.js';
import { lines, withStore } from './fixtures.js';

interface Doc {
  id: string;
  name: string;
  path: string;
  labels: string[];
  publicUrl: string | null;
  attributes: Record<string, unknown>;
  status: string;
  size: number;
  createdAt: string;
  updatedAt: string;
}

const POLICY = '# Expenses\nMeals are reimbursed up to 50 EUR.\n';
const HANDBOOK = 'Welcome aboard.\nHolidays: 25 days a year.\n';
const NOTES = 'Team offsite in Lisbon.\n';
const PDF = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0xff, 0xfe, 0x80, 0x0a]);
const HTML =
  '<html><head><title>Page</title><style>p { color: red }</style></head><body><h1>Title</h1><p>Hello &amp; world</p><script>alert(1)</script></body></html>';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const size = (data: string | Buffer) => Buffer.byteLength(data);

// The library "docs" below, made in one sandbox that the tests which only read share; a describe
// whose tests change the library or the work dir gives each of its tests a sandbox of its own.
let sb = new Sandbox();
let id: Record<string, string> = {};
let libraryId = '';

/** "docs" with its files (ids into `id`), and with `withMany`, "many" with 52 files. */
async function fixture(target: Sandbox, withMany: boolean): Promise<void> {
  id = {};
  await withStore(target, async (store) => {
    const owner = store.localPrincipal().id;
    libraryId = store.createLibrary({ ownerId: owner, name: 'docs' }).id;
    const put = async (
      name: string,
      content: string | Buffer,
      more: { path?: string; labels?: string[]; processingMs?: number } = {},
    ) => {
      const { file } = await store.putFile({
        libraryId,
        name,
        content: Buffer.from(content),
        uploadedBy: owner,
        ...more,
      });
      id[name] = file.id;
    };
    await put('policy.md', POLICY, { labels: ['hr'] });
    await put('handbook.txt', HANDBOOK, { path: 'hr/', labels: ['hr', 'current'] });
    await put('notes.md', NOTES, { path: 'hr/2024/', labels: ['draft'] });
    await put('report.pdf', PDF, { path: 'finance/', labels: ['finance'] });
    await put('page.html', HTML);
    await put('slow.md', 'still processing\n', { processingMs: 600_000 });
    await put('broken.md', 'this one fails\n');
    store.setFileError(id['broken.md']!, 'boom');
    await put('dup.txt', 'one\n', { path: 'a/' });
    id['dup.txt@a'] = id['dup.txt']!;
    await put('dup.txt', 'two\n', { path: 'b/' });
    id['dup.txt@b'] = id['dup.txt']!;

    if (!withMany) return;
    const many = store.createLibrary({ ownerId: owner, name: 'many' }).id;
    for (let i = 0; i < 52; i++) {
      await store.putFile({
        libraryId: many,
        name: `f${String(i).padStart(2, '0')}.txt`,
        content: Buffer.from(`file ${i}\n`),
      });
    }
  });
}

beforeAll(() => fixture(sb, true));

afterAll(() => sb.cleanup());

/** In a describe: each of its tests runs in a fresh sandbox with the fixture, not in the shared one. */
function ownSandboxPerTest(): void {
  let shared: { sb: Sandbox; id: Record<string, string>; libraryId: string };
  beforeEach(async () => {
    shared = { sb, id, libraryId };
    sb = new Sandbox();
    await fixture(sb, false);
  });
  afterEach(() => {
    sb.cleanup();
    ({ sb, id, libraryId } = shared);
  });
}

const list = async (...args: string[]) => lines(await sb.lib(['file', 'list', '-l', 'docs', '-q', ...args]));

describe('file list', () => {
  it('prints id, name, path, status, size, labels, updated: tab-separated, oldest first', async () => {
    const r = await sb.run(['file', 'list', '--library', 'docs']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const rows = lines(r.stdout);
    expect(rows.map((l) => l.split('\t')[1])).toEqual([
      'policy.md',
      'handbook.txt',
      'notes.md',
      'report.pdf',
      'page.html',
      'slow.md',
      'broken.md',
      'dup.txt',
      'dup.txt',
    ]);
    expect(rows[0]).toMatch(exactly`${id['policy.md']!}\tpolicy.md\t\tready\t${size(POLICY)}\thr\t${ISO}`);
    expect(rows[1]).toMatch(
      exactly`${id['handbook.txt']!}\thandbook.txt\thr/\tready\t${size(HANDBOOK)}\thr,current\t${ISO}`,
    );
    expect(rows[5]).toMatch(exactly`${id['slow.md']!}\tslow.md\t\tpending\t17\t\t${ISO}`);
    expect(rows[6]).toMatch(exactly`${id['broken.md']!}\tbroken.md\t\tfailed\t15\t\t${ISO}`);
  });

  it('--search matches names and full text, every word, ignoring case', async () => {
    expect(await list('--search', 'reimbursed')).toEqual([id['policy.md']]);
    expect(await list('--search', 'HANDBOOK')).toEqual([id['handbook.txt']]);
    expect(await list('--search', 'holidays 25')).toEqual([id['handbook.txt']]);
    expect(await list('--search', 'lisbon')).toEqual([id['notes.md']]);
    expect(await list('--search', 'hello world')).toEqual([id['page.html']]);
    expect(await list('--search', 'holidays lisbon')).toEqual([]);
  });

  it('--name is exact; nothing found is [] with --json', async () => {
    expect(await list('--name', 'notes.md')).toEqual([id['notes.md']]);
    expect(await sb.run(['file', 'list', '-l', 'docs', '--name', 'notes', '--json'])).toMatchObject({
      code: 0,
      stdout: '[]\n',
      stderr: '',
    });
  });

  it('--path is a folder: it and everything below it', async () => {
    expect(await list('--path', 'hr')).toEqual([id['handbook.txt'], id['notes.md']]);
    expect(await list('--path', '/hr/2024/')).toEqual([id['notes.md']]);
    expect(await list('--path', 'fin')).toEqual([]); // a folder named "fin", not a prefix of "finance/"
  });

  it('--label and --status filter; a bad status is exit 2', async () => {
    expect(await list('--label', 'hr')).toEqual([id['policy.md'], id['handbook.txt']]);
    expect(await list('--label', 'draft', '--path', 'hr')).toEqual([id['notes.md']]);
    expect(await list('--status', 'pending')).toEqual([id['slow.md']]);
    expect(await list('--status', 'failed')).toEqual([id['broken.md']]);
    expect(await list('--status', 'ready')).toHaveLength(7);
    expect(await sb.run(['file', 'list', '-l', 'docs', '--status', 'done'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'lib: invalid --status "done" (expected one of: pending, processing, ready, failed)\n',
    });
  });

  it('--sort and --limit', async () => {
    expect(await list('--sort', 'name', '--limit', '3')).toEqual([id['broken.md'], id['dup.txt@a'], id['dup.txt@b']]);
    expect(await list('--sort', '-size', '--limit', '1')).toEqual([id['page.html']]);
  });

  it('shows 50 by default; --all follows every page', async () => {
    expect(lines(await sb.lib(['file', 'list', '-l', 'many']))).toHaveLength(50);
    const all = await sb.lib(['file', 'ls', '-l', 'many', '--all', '--ndjson']);
    const names = lines(all).map((l) => json<Doc>(l).name);
    expect(names).toEqual(Array.from({ length: 52 }, (_, i) => `f${String(i).padStart(2, '0')}.txt`));
  });
});

describe('file get', () => {
  it('prints every field as field<TAB>value, by name or by id', async () => {
    const r = await sb.run(['file', 'get', 'handbook.txt', '--library', 'docs']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(
      exactly`id\t${id['handbook.txt']!}\nlibrary\t${libraryId}\nname\thandbook.txt\npath\thr/\nlabels\thr,current\npublicUrl\t\nmimeType\ttext/plain\nsize\t${size(HANDBOOK)}\nhash\t${sha256(HANDBOOK)}\nstatus\tready\nproviderStatus\tready\nsummary\t\npages\t\nattributes\t\ncreated\t${ISO}\nupdated\t${ISO}\nerror\t\ntextNote\t\n`,
    );
    expect(await sb.lib(['file', 'view', id['handbook.txt']!, '-l', libraryId])).toBe(r.stdout);
  });

  it('a name found at several paths is ambiguous: exit 2, listing the candidates', async () => {
    expect(await sb.run(['file', 'get', 'dup.txt', '-l', 'docs'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `lib: file name "dup.txt" is ambiguous; it matches: ${id['dup.txt@a']} (path "a/"), ${id['dup.txt@b']} (path "b/")\nUse the file's id instead.\n`,
    });
    expect(json<Doc>(await sb.lib(['file', 'get', id['dup.txt@b']!, '-l', 'docs', '--json']))).toMatchObject({
      path: 'b/',
    });
  });
});

describe('file update', () => {
  ownSandboxPerTest();

  const get = async (name: string) => json<Doc>(await sb.lib(['file', 'get', name, '-l', 'docs', '--json']));

  it('--name renames', async () => {
    const r = await sb.run(['file', 'update', 'notes.md', '-l', 'docs', '--name', 'minutes.md']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(
      exactly`id\t${id['notes.md']!}\nlibrary\t${libraryId}\nname\tminutes.md\npath\thr/2024/\nlabels\tdraft\n${/[^]*/}`,
    );
    expect(await sb.run(['file', 'get', 'notes.md', '-l', 'docs'])).toMatchObject({
      code: 3,
      stderr: 'lib: file "notes.md" not found in library "docs"\n',
    });
    expect(await list('--search', 'minutes')).toEqual([id['notes.md']]);
  });

  it('--label replaces the labels; --add-label and --remove-label keep the rest', async () => {
    expect(
      json<Doc>(
        await sb.lib(['file', 'update', 'handbook.txt', '-l', 'docs', '--label', 'a', '--label', 'b', '--json']),
      ).labels,
    ).toEqual(['a', 'b']);
    expect(
      json<Doc>(
        await sb.lib([
          'file',
          'edit',
          'handbook.txt',
          '-l',
          'docs',
          '--add-label',
          'c',
          '--remove-label',
          'a',
          '--json',
        ]),
      ).labels,
    ).toEqual(['b', 'c']);
    const r = await sb.run(['file', 'update', 'handbook.txt', '-l', 'docs', '--label', 'x', '--add-label', 'y']);
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'lib: --label replaces all labels; it cannot be combined with --add-label or --remove-label\n',
    });
  });

  it('--public-url and --attribute K=V (merged into the others)', async () => {
    await sb.lib(['file', 'update', 'policy.md', '-l', 'docs', '--attribute', 'owner=hr', '--attribute', 'year:=2024']);
    const doc = json<Doc>(
      await sb.lib([
        'file',
        'update',
        'policy.md',
        '-l',
        'docs',
        '--attribute',
        'year:=2025',
        '--public-url',
        'https://example.com/p',
        '--json',
      ]),
    );
    expect(doc).toMatchObject({
      attributes: { owner: 'hr', year: 2025 },
      publicUrl: 'https://example.com/p',
      labels: ['hr'],
      name: 'policy.md',
    });
    expect(doc.updatedAt > doc.createdAt).toBe(true);
    expect((await sb.run(['file', 'get', 'policy.md', '-l', 'docs'])).stdout).toContain(
      '\nattributes\t{"owner":"hr","year":2025}\n',
    );
  });

  it('refuses a taken name (5), a path for a name (2), an empty name (2) and nothing to do (2)', async () => {
    expect(await sb.run(['file', 'update', 'page.html', '-l', 'docs', '--name', 'policy.md'])).toMatchObject({
      code: 5,
      stdout: '',
      stderr: 'lib: file "policy.md" already exists in library "docs"\n',
    });
    expect(await sb.run(['file', 'update', 'page.html', '-l', 'docs', '--name', 'x/y.html'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'lib: invalid file name "x/y.html": a name cannot contain "/" or "\\" or be "." or ".."\nPut the folder in --path and the plain name in --name.\n',
    });
    expect(await sb.run(['file', 'update', 'page.html', '-l', 'docs', '--name', ''])).toMatchObject({
      code: 2,
      stderr: 'lib: --name must not be empty\n',
    });
    expect(await sb.run(['file', 'update', 'page.html', '-l', 'docs'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'lib: nothing to update: pass --name, --label, --add-label, --remove-label, --public-url, --attribute or --remove-attribute\n',
    });
    expect(await get('page.html')).toMatchObject({ name: 'page.html', labels: [] });
  });
});

describe('file text', () => {
  it('prints the text: as stored for text files, without tags for html; a PDF that cannot be read says so', async () => {
    expect(await sb.run(['file', 'text', 'policy.md', '-l', 'docs'])).toMatchObject({
      code: 0,
      stdout: POLICY,
      stderr: '',
    });
    expect(await sb.run(['file', 'text', 'page.html', '-l', 'docs'])).toMatchObject({
      code: 0,
      stdout: 'Page\nTitle\nHello & world\n',
      stderr: '',
    });
    const pdf = await sb.run(['file', 'text', 'report.pdf', '-l', 'docs']);
    expect(pdf).toMatchObject({ code: 0, stdout: '' });
    expect(pdf.stderr).toMatch(/^lib: note: no text: the PDF could not be read \(.+\)\n$/); // the fixture is not a real PDF
  });

  it('--json wraps it; --pages is not for the local provider', async () => {
    expect(json(await sb.lib(['file', 'text', 'policy.md', '-l', 'docs', '--json']))).toEqual({
      id: id['policy.md'],
      libraryId,
      name: 'policy.md',
      text: POLICY,
      textNote: null,
    });
    expect(await sb.run(['file', 'text', 'policy.md', '-l', 'docs', '--pages', '1'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'lib: the local provider does not support page ranges (--pages)\n',
    });
  });
});

describe('file status', () => {
  it('prints id, name, status, providerStatus, error, textNote', async () => {
    expect(await sb.run(['file', 'status', 'policy.md', '-l', 'docs'])).toMatchObject({
      code: 0,
      stdout: `id\t${id['policy.md']}\nname\tpolicy.md\nstatus\tready\nproviderStatus\tready\nerror\t\ntextNote\t\n`,
      stderr: '',
    });
    expect((await sb.run(['file', 'status', 'slow.md', '-l', 'docs'])).stdout).toBe(
      `id\t${id['slow.md']}\nname\tslow.md\nstatus\tpending\nproviderStatus\tpending\nerror\t\ntextNote\t\n`,
    );
    expect(json(await sb.lib(['file', 'status', 'broken.md', '-l', 'docs', '--json']))).toEqual({
      id: id['broken.md'],
      libraryId,
      name: 'broken.md',
      status: 'failed',
      providerStatus: 'failed',
      error: 'boom',
      textNote: null,
    });
  });
});

describe('file wait', () => {
  ownSandboxPerTest();

  it('returns the files once ready', async () => {
    const r = await sb.run(['file', 'wait', 'policy.md', 'report.pdf', '-l', 'docs']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(lines(r.stdout).map((l) => l.split('\t').slice(0, 4).join('\t'))).toEqual([
      `${id['policy.md']}\tpolicy.md\t\tready`,
      `${id['report.pdf']}\treport.pdf\tfinance/\tready`,
    ]);
  });

  it('polls a pending file until it is ready', async () => {
    await withStore(sb, async (store) => {
      const { file } = await store.putFile({
        libraryId,
        name: 'soon.md',
        content: Buffer.from('soon\n'),
        processingMs: 600,
      });
      id['soon.md'] = file.id;
      expect(file.status).toBe('pending');
    });
    // On a clock that moves as lib polls: six polls 0.1 s apart, not 0.6 s of real time.
    const clock = new TestClock();
    const r = await sb.run(['file', 'wait', 'soon.md', '-l', 'docs', '--interval', '0.1', '--timeout', '20'], {
      clock,
    });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(clock.slept.length).toBeGreaterThanOrEqual(5);
    expect(new Set(clock.slept)).toEqual(new Set([100]));
    expect(r.stdout).toMatch(exactly`${id['soon.md']!}\tsoon.md\t\tready\t5\t\t${ISO}\n`);
  });

  it('gives up after --timeout (exit 1), and a failed file is a failure (exit 1)', async () => {
    const clock = new TestClock();
    expect(
      await sb.run(['file', 'wait', 'slow.md', '-l', 'docs', '--timeout', '1', '--interval', '0.2'], { clock }),
    ).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'lib: timed out after 1s waiting for "slow.md"\n',
    });
    // It polled 0.2 s apart for the whole second, on the clock it was given (which moves 1 ms a reading).
    expect(clock.slept.slice(0, 4)).toEqual([200, 200, 200, 200]);
    const slept = clock.slept.reduce((a, b) => a + b, 0);
    expect(slept).toBeGreaterThan(950);
    expect(slept).toBeLessThanOrEqual(1000);
    expect(await sb.run(['file', 'wait', 'broken.md', '-l', 'docs'])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'lib: processing failed for "broken.md" (boom)\n',
    });
  });
});

describe('file download', () => {
  ownSandboxPerTest();

  const work = (...p: string[]) => path.join(sb.work, ...p);
  const leftovers = (dir: string) => fs.readdirSync(dir).filter((n) => n.endsWith('.part'));

  it('writes the file under its name, here', async () => {
    const r = await sb.run(['file', 'download', 'policy.md', '-l', 'docs']);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: 'Downloaded "policy.md" to policy.md\n' });
    expect(fs.readFileSync(work('policy.md'), 'utf8')).toBe(POLICY);
  });

  it('refuses to replace a file without --overwrite (exit 5)', async () => {
    fs.writeFileSync(work('policy.md'), 'mine\n');
    expect(await sb.run(['file', 'download', 'policy.md', '-l', 'docs'])).toMatchObject({
      code: 5,
      stdout: '',
      stderr: 'lib: policy.md already exists\nPass --overwrite to replace it, or -o to choose another path\n',
    });
    expect(fs.readFileSync(work('policy.md'), 'utf8')).toBe('mine\n');
    expect(await sb.run(['file', 'download', 'policy.md', '-l', 'docs', '--overwrite'])).toMatchObject({
      code: 0,
      stdout: '',
    });
    expect(fs.readFileSync(work('policy.md'), 'utf8')).toBe(POLICY);
  });

  it('-o PATH names the file; -o DIR puts it in the directory; a missing directory is exit 2', async () => {
    fs.mkdirSync(work('out'));
    expect(await sb.run(['file', 'download', 'report.pdf', '-l', 'docs', '-o', 'out/copy.pdf'])).toMatchObject({
      code: 0,
      stdout: '',
      stderr: 'Downloaded "report.pdf" to out/copy.pdf\n',
    });
    expect(fs.readFileSync(work('out', 'copy.pdf'))).toEqual(PDF);
    expect(await sb.run(['file', 'download', 'report.pdf', '-l', 'docs', '--output', 'out'])).toMatchObject({
      code: 0,
      stderr: 'Downloaded "report.pdf" to out/report.pdf\n',
    });
    expect(fs.readFileSync(work('out', 'report.pdf'))).toEqual(PDF);
    expect(await sb.run(['file', 'download', 'report.pdf', '-l', 'docs', '-o', 'nowhere/copy.pdf'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'lib: nowhere: no such directory\n',
    });
    expect(fs.existsSync(work('nowhere'))).toBe(false);
    expect(leftovers(work())).toEqual([]);
    expect(leftovers(work('out'))).toEqual([]);
  });

  it('-o - writes the bytes to stdout', async () => {
    const r = await sb.run(['file', 'download', 'report.pdf', '-l', 'docs', '-o', '-']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdoutBytes).toEqual(PDF);
  });
});

describe('file delete', () => {
  ownSandboxPerTest();

  it('without -y in a pipe refuses (exit 2) and deletes nothing', async () => {
    expect(await sb.run(['file', 'delete', 'page.html', '-l', 'docs'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'lib: Delete file "page.html" from library "docs": confirmation required; pass -y to confirm without a terminal\n',
    });
    expect(await list('--name', 'page.html')).toEqual([id['page.html']]);
  });

  it('an unknown file among several is reported; the others are deleted (exit 6)', async () => {
    expect(await sb.run(['file', 'delete', 'ghost.md', 'page.html', '-l', 'docs', '-y'])).toMatchObject({
      code: 6,
      stdout: '',
      stderr:
        'lib: ghost.md: file "ghost.md" not found in library "docs"\n' +
        `Deleted file "page.html" (${id['page.html']})\n` +
        'lib: 1 of 2 failed: ghost.md\n',
    });
    expect(await list('--name', 'page.html')).toEqual([]);
    // Only unknown names: nothing to do, exit 3.
    expect((await sb.run(['file', 'delete', 'ghost.md', 'phantom.md', '-l', 'docs', '-y'])).code).toBe(3);
  });

  it('deletes several at once, by name or id', async () => {
    expect(await list('--search', 'hello')).not.toEqual([]);
    const r = await sb.run(['file', 'delete', id['notes.md']!, 'page.html', '-l', 'docs', '-y']);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(lines(r.stderr).sort()).toEqual([
      `Deleted file "notes.md" (${id['notes.md']})`,
      `Deleted file "page.html" (${id['page.html']})`,
    ]);
    expect(await list('--search', 'hello')).toEqual([]);
    expect(await list('--path', 'hr/2024')).toEqual([]);
  });

  it('--json prints what was deleted', async () => {
    const ok = await sb.run(['file', 'rm', id['dup.txt@a']!, id['dup.txt@b']!, '-l', 'docs', '-y', '--json']);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(json<Doc[]>(ok.stdout).map((d) => [d.name, d.path])).toEqual([
      ['dup.txt', 'a/'],
      ['dup.txt', 'b/'],
    ]);
  });
});
