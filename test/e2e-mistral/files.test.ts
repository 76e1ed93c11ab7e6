/**
 * The built `lib` against `lib serve` (child processes): every file verb of
 * the mistral provider. Two servers: one that processes in 300 ms, one that
 * takes 8 s (pending 4 s, processing 4 s), so that each state can be seen and
 * a wait can time out. Records that are only a test's setting are made, and
 * results checked, straight through the API where the CLI is not the subject.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  api,
  apiUpload,
  Cli,
  expectNoKeysLeaked,
  HOOK_TIMEOUT,
  requestLines,
  startServe,
  TEST_TIMEOUT,
  writeFiles,
  type Serve,
} from './helpers.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { TestClock } from '../clock.js';
import { tempDir } from '../helpers.js';

let fast: Serve;
let slow: RunningServer;
/** The slow server's clock, and lib's runs against it: the processing test moves it instead of waiting. */
const clock = new TestClock();
/** The fast server's clock: its 300 ms of processing pass as lib polls, or as allReady() moves it. */
const fastClock = new TestClock();
const slowDir = tempDir('lib-e2e-slow-');
const slowKey = `alice-${randomBytes(16).toString('hex')}`;
/** Told each request line the slow server logs (after its reply). */
let onSlowLog: (line: string) => void = () => {};
let alice: Cli;
let slowAlice: Cli;
// A library of its own per test (Docs 1, Docs 2, ...): what one test counts, another did not change.
let docs = '';
let docsId = '';
let made = 0;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const POLICY = '# Expenses\nMeals are reimbursed up to 50 EUR.\n';

beforeAll(async () => {
  [fast, slow] = await Promise.all([
    startServe({ processingMs: 300, clock: fastClock }),
    // In-process, on a clock the test moves: 8 s of processing take no time.
    startServer({
      host: '127.0.0.1',
      port: 0,
      dataDir: slowDir,
      tokens: [{ name: 'alice', secret: slowKey }],
      processingMs: 8_000,
      now: clock.now,
      log: (line) => onSlowLog(line),
    }),
  ]);
  alice = new Cli(fast, fast.alice.token);
  slowAlice = new Cli({ url: slow.url, clock }, slowKey);
  await api(slow, slowKey, 'POST', '/v1/libraries', { name: 'Slow' });
}, HOOK_TIMEOUT);

afterAll(async () => {
  for (const text of slowAlice?.outputs ?? []) expect(text).not.toContain(slowKey);
  expectNoKeysLeaked([fast], [alice, slowAlice]);
  await Promise.all([fast?.dispose(), slow?.close()]);
  fs.rmSync(slowDir, { recursive: true, force: true });
}, HOOK_TIMEOUT);

interface Doc {
  id: string;
  name: string;
  status: string;
  providerStatus: string;
  size: number;
  mimeType: string;
  attributes: Record<string, unknown>;
  libraryId: string;
}

beforeEach(async () => {
  docs = `Docs ${++made}`;
  docsId = (await api(fast, fast.alice.token, 'POST', '/v1/libraries', { name: docs })).id;
});

/** The documents of this test's library as the server has them. */
async function serverNames(): Promise<string[]> {
  const page = await api(fast, fast.alice.token, 'GET', `/v1/libraries/${docsId}/documents?page_size=100`);
  return (page.data as { name: string }[]).map((d) => d.name).sort();
}

/** What the upload test leaves in the library: policy.md, a.txt, b.csv, d1-d3.txt, s1-s2.txt and piped.txt. */
async function uploaded(): Promise<void> {
  // As writeFiles writes them: distinct contents, so no upload is "Unchanged".
  const numbered = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, i): [string, string] => [
      `${prefix}${i + 1}.txt`,
      `document ${prefix} ${i + 1} of ${count}: ${randomBytes(8).toString('hex')}\n`,
    ]);
  const files: [string, string][] = [
    ['policy.md', POLICY],
    ['a.txt', 'alpha\n'],
    ['b.csv', 'x,y\n1,2\n'],
    ...numbered('d', 3),
    ...numbered('s', 2),
    ['piped.txt', 'from a pipe\n'],
  ];
  await Promise.all(files.map(([name, content]) => apiUpload(fast, fast.alice.token, docsId, name, content)));
}

/** Every document of the library processed: the 300 ms its upload takes on this server pass. */
async function allReady(): Promise<void> {
  fastClock.advance(300);
  const page = await api(fast, fast.alice.token, 'GET', `/v1/libraries/${docsId}/documents?page_size=100`);
  const statuses = (page.data as { name: string; process_status: string }[]).map((d) => [d.name, d.process_status]);
  expect(statuses.filter(([, status]) => status !== 'done')).toEqual([]);
}

describe('file upload', () => {
  it(
    'one file, several, a directory, stdin; the same content again is "Unchanged" with the same id',
    async () => {
      const policy = alice.file('policy.md', POLICY);
      const one = await alice.ok(['--json', 'file', 'upload', policy, '--library', docs]);
      const doc = JSON.parse(one.stdout) as Doc;
      expect(doc).toMatchObject({
        name: 'policy.md',
        size: 46,
        mimeType: 'text/markdown',
        status: 'pending',
        providerStatus: 'todo',
        libraryId: docsId,
      });
      expect(doc.id).toMatch(UUID);

      // Several files: a list, in the order given.
      const a = alice.file('a.txt', 'alpha\n');
      const b = alice.file('b.csv', 'x,y\n1,2\n');
      const several = (await alice.json(['file', 'upload', a, b, '--library', docs])) as Doc[];
      expect(several.map((d) => [d.name, d.mimeType])).toEqual([
        ['a.txt', 'text/plain'],
        ['b.csv', 'text/csv'],
      ]);

      // A directory with a subdirectory: Mistral has no folders, so every file goes in by its own name, with one note.
      const dir = path.join(alice.work, 'dir');
      writeFiles(dir, 3, 'd');
      writeFiles(path.join(dir, 'sub'), 2, 's');
      const tree = await alice.ok(['--json', 'file', 'upload', dir, '--recursive', '--library', docs]);
      expect((JSON.parse(tree.stdout) as Doc[]).map((d) => d.name)).toEqual([
        'd1.txt',
        'd2.txt',
        'd3.txt',
        's1.txt',
        's2.txt',
      ]);
      expect(tree.stderr).toBe(
        'lib: the mistral provider has no folders: files in subdirectories are uploaded by name\n',
      );
      // --path itself, and labels, are refused for many files as for one, before anything is sent.
      const withPath = await alice.run(['file', 'upload', dir, '--recursive', '--library', docs, '--path', 'x']);
      expect(withPath.code).toBe(2);
      expect(withPath.stderr).toContain('the mistral provider does not support paths (--path)');
      const withLabel = await alice.run(['file', 'upload', a, b, '--library', docs, '--label', 'hr']);
      expect(withLabel.code).toBe(2);
      expect(withLabel.stderr).toContain('the mistral provider does not support labels');

      // stdin: needs --name.
      const noName = await alice.run(['file', 'upload', '-', '--library', docs], { input: 'x' });
      expect(noName.code).toBe(2);
      const piped = await alice.ok(['--json', 'file', 'upload', '-', '--name', 'piped.txt', '--library', docs], {
        input: 'from a pipe\n',
      });
      expect(JSON.parse(piped.stdout)).toMatchObject({ name: 'piped.txt', size: 12 });

      // The same content again, from disk and from stdin under another name: Mistral's 200 with the existing
      // document, reported on stderr as unchanged (the human form; --json output is the record alone).
      const again = await alice.ok(['file', 'upload', policy, '--library', docs]);
      expect(again.stdout).toMatch(new RegExp(`^id\\t${doc.id}\\nname\\tpolicy\\.md\\n`));
      expect(again.stderr).toMatch(/^Unchanged /);
      expect(again.stderr).toContain(`${policy} -> "policy.md" (${doc.id})`);
      expect(again.stderr.trimEnd().split('\n')).toHaveLength(1);
      const againPiped = await alice.ok(['-q', 'file', 'upload', '-', '--name', 'other-name.md', '--library', docs], {
        input: POLICY,
      });
      expect(againPiped.stdout).toBe(`${doc.id}\n`);

      expect(await serverNames()).toEqual([
        'a.txt',
        'b.csv',
        'd1.txt',
        'd2.txt',
        'd3.txt',
        'piped.txt',
        'policy.md',
        's1.txt',
        's2.txt',
      ]);
    },
    TEST_TIMEOUT,
  );

  it(
    'upload --wait returns the documents once ready',
    async () => {
      const f = alice.file('waited.txt', `waited ${randomBytes(4).toString('hex')}\n`);
      const polls = fastClock.slept.length;
      const r = await alice.ok(['--json', 'file', 'upload', f, '--library', docs, '--wait', '--timeout', '60']);
      expect(JSON.parse(r.stdout)).toMatchObject({ name: 'waited.txt', status: 'ready', providerStatus: 'done' });
      // Not ready when uploaded: lib polled, and waited one interval.
      expect(fastClock.slept.slice(polls)).toEqual([1000]);
      await api(fast, fast.alice.token, 'DELETE', `/v1/libraries/${docsId}/documents/${JSON.parse(r.stdout).id}`);
    },
    TEST_TIMEOUT,
  );
});

describe('file list', () => {
  it(
    'search, --name, --sort, --status, --limit',
    async () => {
      await uploaded();
      await allReady();
      const search = (await alice.json(['file', 'list', '--library', docs, '--search', 'reimbursed'])) as Doc[];
      expect(search.map((d) => d.name)).toEqual(['policy.md']);
      expect((await alice.json(['file', 'list', '-l', docs, '--name', 'a.txt'])).map((d: Doc) => d.name)).toEqual([
        'a.txt',
      ]);

      const byName = ((await alice.json(['file', 'list', '-l', docs, '--sort', 'name'])) as Doc[]).map((d) => d.name);
      expect(byName).toEqual(await serverNames());
      const bySize = ((await alice.json(['file', 'list', '-l', docs, '--sort', '-size'])) as Doc[]).map((d) => d.size);
      expect(bySize).toEqual([...bySize].sort((x, y) => y - x));
      const badSort = await alice.run(['file', 'list', '-l', docs, '--sort', 'color']);
      expect(badSort.code).toBe(2);
      expect(badSort.stderr).toContain('cannot sort by "color"');

      // Everything was uploaded and processed before this test looked: all ready.
      expect(await alice.json(['file', 'list', '-l', docs, '--status', 'ready'])).toHaveLength(9);

      // Pipe columns: id, name, path, status, size, labels, updated; --limit stops early.
      const two = await alice.ok(['file', 'list', '-l', docs, '--sort', 'name', '--limit', '2']);
      const rows = two.stdout
        .trimEnd()
        .split('\n')
        .map((l) => l.split('\t'));
      expect(rows).toHaveLength(2);
      expect(rows[0]).toEqual([
        expect.stringMatching(UUID),
        'a.txt',
        '',
        'ready',
        '6',
        '',
        expect.stringMatching(/^\d{4}-/),
      ]);
    },
    TEST_TIMEOUT,
  );

  it(
    'pages through more than 100 documents for --all and --limit',
    async () => {
      await api(fast, fast.alice.token, 'POST', '/v1/libraries', { name: 'Many' });
      const names = writeFiles(path.join(alice.work, 'many'), 130, 'm');
      const up = await alice.ok([
        '-q',
        'file',
        'upload',
        path.join(alice.work, 'many'),
        '--recursive',
        '--library',
        'Many',
      ]);
      expect(new Set(up.stdout.trim().split('\n')).size).toBe(130);

      const all = await alice.run([
        '--debug',
        '--json',
        'file',
        'list',
        '--library',
        'Many',
        '--all',
        '--sort',
        'name',
      ]);
      expect(all.code, all.stderr).toBe(0);
      expect((JSON.parse(all.stdout) as Doc[]).map((d) => d.name)).toEqual(names);
      const pages = requestLines(all.stderr).filter((l) => l.includes('/documents?'));
      expect(pages).toHaveLength(2);
      expect(pages[0]).toMatch(/[?&]page=0&page_size=100$/);
      expect(pages[1]).toMatch(/[?&]page=1&page_size=100$/);

      const limited = await alice.run(['--debug', '-q', 'file', 'list', '--library', 'Many', '--limit', '120']);
      expect(limited.stdout.trim().split('\n')).toHaveLength(120);
      expect(requestLines(limited.stderr).filter((l) => l.includes('/documents?'))).toHaveLength(2);
      expect(
        (await alice.ok(['--ndjson', 'file', 'list', '--library', 'Many'])).stdout.trim().split('\n'),
      ).toHaveLength(50);
    },
    TEST_TIMEOUT,
  );
});

describe('one file', () => {
  it(
    'get, update (--name, --attribute), text, status',
    async () => {
      await uploaded();
      await allReady();
      const got = (await alice.json(['file', 'get', 'a.txt', '--library', docs])) as Doc;
      expect(got).toMatchObject({
        name: 'a.txt',
        size: 6,
        status: 'ready',
        providerStatus: 'done',
        attributes: {},
        libraryId: docsId,
      });
      const raw = await alice.json(['--raw', 'file', 'get', got.id, '-l', docs]);
      expect(raw).toMatchObject({
        id: got.id,
        process_status: 'done',
        library_id: docsId,
        mime_type: 'text/plain',
        number_of_pages: 1,
      });

      const renamed = (await alice.json(['file', 'update', 'a.txt', '-l', docs, '--name', 'alpha.txt'])) as Doc;
      expect(renamed).toMatchObject({ id: got.id, name: 'alpha.txt' });
      const missing = await alice.run(['file', 'get', 'a.txt', '-l', docs]);
      expect(missing.code).toBe(3);
      expect(missing.stderr).toBe('lib: document "a.txt" not found (mistral, 404)\n');

      const attrs = (await alice.json([
        'file',
        'update',
        'alpha.txt',
        '-l',
        docs,
        '--attribute',
        'team=core',
        '--attribute',
        'year:=2024',
      ])) as Doc;
      expect(attrs.attributes).toEqual({ team: 'core', year: 2024 });
      const merged = (await alice.json(['file', 'update', got.id, '-l', docs, '--attribute', 'reviewed:=true'])) as Doc;
      expect(merged.attributes).toEqual({ team: 'core', year: 2024, reviewed: true });
      const labels = await alice.run(['file', 'update', 'alpha.txt', '-l', docs, '--label', 'hr']);
      expect(labels.code).toBe(2);
      expect(labels.stderr).toContain('the mistral provider does not support labels');

      expect((await alice.ok(['file', 'text', 'policy.md', '-l', docs])).stdout).toBe(POLICY);
      expect((await alice.ok(['file', 'text', 'policy.md', '-l', docs, '--pages', '1'])).stdout).toBe(POLICY);

      const status = await alice.ok(['file', 'status', 'alpha.txt', '-l', docs]);
      expect(status.stdout).toBe(
        `id\t${got.id}\nname\talpha.txt\nstatus\tready\nproviderStatus\tdone\nerror\t\ntextNote\t\n`,
      );
    },
    TEST_TIMEOUT,
  );

  it(
    'url (raw and --extracted) serves the content to a client without a key; download -o FILE and -o - are byte-identical',
    async () => {
      await uploaded(); // policy.md's extracted text is there as soon as the upload returns
      const bytes = randomBytes(300 * 1024);
      const doc = (await alice.json(['file', 'upload', alice.file('report.pdf', bytes), '--library', docs])) as Doc;
      expect(doc.mimeType).toBe('application/pdf');

      const url = (await alice.ok(['file', 'url', 'report.pdf', '-l', docs])).stdout.trim();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      const fetched = await fetch(url); // no Authorization header
      expect(fetched.status).toBe(200);
      expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true);
      const extracted = await alice.json(['file', 'url', 'policy.md', '-l', docs, '--extracted']);
      expect(extracted).toEqual({ id: expect.stringMatching(UUID), url: expect.stringMatching(/^http:/) });
      expect(await (await fetch(extracted.url)).text()).toBe(POLICY);

      const out = path.join(alice.work, 'out', 'copy.pdf');
      fs.mkdirSync(path.dirname(out));
      const dl = await alice.ok(['file', 'download', 'report.pdf', '-l', docs, '-o', out]);
      expect(dl.stderr).toBe(`Downloaded "report.pdf" to ${out}\n`);
      expect(fs.readFileSync(out).equals(bytes)).toBe(true);
      expect(fs.readdirSync(path.dirname(out))).toEqual(['copy.pdf']); // no temporary file left
      expect((await alice.run(['file', 'download', 'report.pdf', '-l', docs, '-o', out])).code).toBe(5);

      const toStdout = await alice.run(['--debug', 'file', 'download', doc.id, '-l', docs, '-o', '-']);
      expect(toStdout.code, toStdout.stderr).toBe(0);
      expect(toStdout.stdoutBytes.equals(bytes)).toBe(true);
      // The signed link is fetched without the key, and its signature stays out of the trace.
      const trace = toStdout.stderr.split('\n');
      const at = trace.findIndex((l) => /^\[debug\] > GET http:\/\/127\.0\.0\.1:\d+\/files\//.test(l));
      expect(at).toBeGreaterThan(0);
      expect(trace[at]).toMatch(/\?\*\*\*$/);
      const headers: string[] = [];
      for (const l of trace.slice(at + 1)) {
        if (!/^\[debug\] > [a-z-]+:/.test(l)) break;
        headers.push(l);
      }
      expect(headers.length).toBeGreaterThan(0);
      expect(headers.filter((l) => l.includes('authorization'))).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'reprocess: refused without -y in a pipe (exit 2); -y starts processing again; wait until ready',
    async () => {
      await uploaded();
      await allReady();
      const refused = await alice.run(['file', 'reprocess', 'policy.md', '-l', docs]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('confirmation required');
      const r = await alice.ok(['--json', 'file', 'reprocess', 'policy.md', '-l', docs, '-y']);
      expect(['pending', 'processing']).toContain(JSON.parse(r.stdout).status);
      const waited = (await alice.json(['file', 'wait', 'policy.md', '-l', docs, '--interval', '0.1'])) as Doc[];
      expect(waited.map((d) => [d.name, d.status])).toEqual([['policy.md', 'ready']]);
    },
    TEST_TIMEOUT,
  );

  it(
    'delete: refused without -y in a pipe; one; several; a typo is reported and the rest go (exit 6)',
    async () => {
      await uploaded();
      expect((await alice.run(['file', 'delete', 'b.csv', '-l', docs])).code).toBe(2);
      const one = await alice.ok(['file', 'delete', 'b.csv', '-l', docs, '-y']);
      expect(one.stderr).toMatch(/^Deleted file "b\.csv" \([0-9a-f-]{36}\)\n$/);
      const several = await alice.json(['file', 'delete', 'd1.txt', 'd2.txt', '-l', docs, '-y']);
      expect(several.map((d: Doc) => d.name)).toEqual(['d1.txt', 'd2.txt']);
      const typo = await alice.run(['file', 'delete', 'd3.txt', 'no-such.txt', '-l', docs, '-y']);
      expect(typo.code).toBe(6);
      expect(typo.stderr).toMatch(
        /^lib: no-such\.txt: document "no-such\.txt" not found|^lib: no-such\.txt: .*not found/,
      );
      expect(typo.stderr).toMatch(/lib: 1 of 2 failed: no-such\.txt\n$/);
      const names = await serverNames();
      expect(names).not.toContain('b.csv');
      expect(names).not.toContain('d1.txt');
      expect(names).not.toContain('d3.txt'); // as rm does: the typo is reported, the rest is done
    },
    TEST_TIMEOUT,
  );
});

describe('processing', () => {
  it(
    'passes pending -> processing -> ready on the server clock; wait --timeout 1 gives up with exit 1; wait returns once ready',
    async () => {
      const f = slowAlice.file('slow.txt', `slow ${randomBytes(4).toString('hex')}\n`);
      const doc = (await slowAlice.json(['file', 'upload', f, '--library', 'Slow'])) as Doc;
      expect(doc.status).toBe('pending');

      // The server clock stands still: the file is still pending when lib gives up.
      const timedOut = await slowAlice.run([
        'file',
        'wait',
        'slow.txt',
        '-l',
        'Slow',
        '--timeout',
        '1',
        '--interval',
        '0.2',
      ]);
      expect(timedOut.stderr).toBe('lib: timed out after 1s waiting for "slow.txt"\n');
      expect(timedOut.code).toBe(1);

      // Pending for the first 4 s, processing for the next 4 s, then ready.
      const pending = (await slowAlice.json(['file', 'list', '-l', 'Slow', '--status', 'pending'])) as Doc[];
      expect(pending.map((d) => d.id)).toEqual([doc.id]);
      clock.advance(4_001);
      expect((await slowAlice.json(['file', 'status', doc.id, '-l', 'Slow'])).status).toBe('processing');

      // `file wait` polls until ready: the clock passes the end once it has asked twice.
      let polls = 0;
      const polledTwice = new Promise<void>((resolve) => {
        onSlowLog = (line) => {
          if (/^GET \S+\/documents\/\S+\/status 200 /.test(line) && ++polls === 2) resolve();
        };
      });
      const waiting = slowAlice.json(['file', 'wait', 'slow.txt', '-l', 'Slow', '--interval', '0.2']);
      await polledTwice;
      clock.advance(4_000);
      const waited = (await waiting) as Doc[];
      expect(polls).toBeGreaterThan(2);
      expect(waited).toEqual([expect.objectContaining({ id: doc.id, status: 'ready', providerStatus: 'done' })]);
    },
    TEST_TIMEOUT,
  );
});
