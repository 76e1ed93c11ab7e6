/**
 * Every ai21 verb against `lib serve`'s ai21 dialect, as an AI21 user runs
 * them (AI21_API_KEY, a LIB_BASE_URL ending in /studio/v1, no --library):
 * the account's one library, uploads (one, many, a directory with paths,
 * stdin, labels, path, public URL, --overwrite, --wait), lists with every
 * filter, get, update, status, wait, delete, and the errors with their exit
 * codes, refusals before any request included.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { accountLibraryId } from '../../src/server/ai21/library.js';
import {
  expectNothingLeaked,
  requestLines,
  startAi21,
  writeFiles,
  type Ai21Serve,
  type Cli,
  type Json,
} from './helpers.js';

let s: Ai21Serve;
let alice: Cli;

async function start(): Promise<void> {
  s = await startAi21();
  alice = s.cli('alice');
}
/** No key in any output of the server's users; then close it. */
async function stop(): Promise<void> {
  const leaks = expectNothingLeaked(s);
  await s.close();
  expect(leaks).toEqual([]);
}

// One server for the tests that count nothing another test on it makes: bob's account library there is the
// library test's (it counts from empty); alice's only gets ok.txt (errors) and listed.md (profiles).
beforeAll(start);
afterAll(stop);

/**
 * In a describe: each of its tests gets a server of its own (an account library is the principal's, one a
 * server), with the files it finds or counts uploaded first.
 */
function ownServerPerTest(): void {
  let shared: [Ai21Serve, Cli];
  beforeEach(async () => {
    shared = [s, alice];
    await start();
  });
  afterEach(async () => {
    try {
      await stop();
    } finally {
      [s, alice] = shared;
    }
  });
}

/** What the first upload test leaves: desktop/folder/koala.txt, labelled cuties and furry_animals, with a public URL. */
async function koala(): Promise<void> {
  alice.file('koala.txt', 'Koalas sleep 20 hours a day.\n');
  const labels = ['--label', 'cuties', '--label', 'furry_animals'];
  const url = ['--public-url', 'https://en.wikipedia.org/wiki/Koala'];
  await alice.ok(['file', 'upload', 'koala.txt', '--path', 'desktop/folder', ...labels, ...url]);
}

/** What the second leaves: m1.md and m2.md labelled batch, reports/{top.md,d1/a.md,d10/b.md} and faq.md. */
async function many(): Promise<void> {
  alice.file('m1.md', '# one');
  alice.file('m2.md', '# two');
  await alice.ok(['file', 'upload', 'm1.md', 'm2.md', '--label', 'batch']);
  alice.file('tree/top.md', 'top');
  alice.file('tree/d1/a.md', 'a');
  alice.file('tree/d10/b.md', 'b');
  await alice.ok(['file', 'upload', 'tree', '--recursive', '--path', 'reports']);
  await alice.ok(['file', 'upload', '-', '--name', 'faq.md'], { input: '# FAQ\n' });
}

const ONE_LINE = 'lib: the ai21 provider does not support';

describe('the account library', () => {
  it('lists and gets the one library with its file count and size, by id or name, --library optional', async () => {
    const fresh = s.cli('bob');
    expect(await fresh.json(['library', 'list'])).toMatchObject([
      { id: 'ai21', name: 'AI21 Studio library', documents: 0, size: 0 },
    ]);
    fresh.file('a.md', '# a\n');
    fresh.file('b.txt', 'bb');
    await fresh.ok(['file', 'upload', 'a.md', 'b.txt']);
    const lib: Json = await fresh.json(['library', 'get', 'ai21']);
    expect(lib).toMatchObject({ id: 'ai21', documents: 2, size: 6, ownerId: null, shared: null });
    expect((await fresh.json(['library', 'get', 'AI21 Studio library'])).documents).toBe(2);
    const tsv = await fresh.ok(['library', 'list']);
    expect(tsv.stdout).toMatch(/^ai21\tAI21 Studio library\t2\t6\t\S+\n$/);
    // The library another dialect sees: bob's account library in the store, his two files in it.
    const res = await fetch(`${s.url}/v1/libraries/${accountLibraryId(s.server.principals[1]!.userId)}`, {
      headers: { authorization: `Bearer ${s.tokens.bob}` },
    });
    expect(await res.json()).toMatchObject({ name: 'AI21 library', nb_documents: 2, total_size: 6 });

    const other = await fresh.run(['library', 'get', 'Team Docs']);
    expect(other.code).toBe(3);
    expect(other.stderr).toContain(
      'lib: library "Team Docs" not found: ai21 has one library, ai21 ("AI21 Studio library")',
    );
    const wrongLib = await fresh.run(['file', 'list', '-l', 'docs']);
    expect(wrongLib.code).toBe(3);
  });

  it.each([
    [['library', 'create', 'x'], 'creating libraries (it has one account-wide library)'],
    [['library', 'update', 'ai21', '--name', 'y'], 'changing libraries (it has one account-wide library)'],
    [['library', 'delete', 'ai21', '-y'], 'deleting libraries (it has one account-wide library)'],
    [['share', 'list', 'ai21'], 'sharing (it has one account-wide library)'],
    [['share', 'put', 'ai21', '--user', 'u', '--level', 'viewer'], 'sharing (it has one account-wide library)'],
    [['file', 'text', 'a.md'], 'extracted text'],
    [['file', 'download', 'a.md'], 'downloads'],
    [['file', 'url', 'a.md'], 'signed URLs'],
    [['file', 'update', 'a.md', '--name', 'b.md'], 'renaming (--name)'],
    [['file', 'upload', 'a.md', '--attribute', 'k=v'], 'attributes (--attribute)'],
  ])('%j is exit 2 in one line, before any request', async (args, what) => {
    // Nothing listens there: any request at all would fail otherwise (exit 1, cannot connect).
    const r = await alice.run(args, { env: { LIB_BASE_URL: 'http://127.0.0.1:9/studio/v1' } });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(`${ONE_LINE} ${what}\n`);
  });
});

describe('files', () => {
  ownServerPerTest();

  it('uploads one file with labels, a path and a public URL; get, status, --raw', async () => {
    alice.file('koala.txt', 'Koalas sleep 20 hours a day.\n');
    const up: Json = await alice.json([
      'file',
      'upload',
      'koala.txt',
      '--path',
      'desktop/folder',
      '--label',
      'cuties',
      '--label',
      'furry_animals',
      '--public-url',
      'https://en.wikipedia.org/wiki/Koala',
    ]);
    expect(up).toMatchObject({
      libraryId: 'ai21',
      name: 'koala.txt',
      path: 'desktop/folder/',
      labels: ['cuties', 'furry_animals'],
      publicUrl: 'https://en.wikipedia.org/wiki/Koala',
      mimeType: 'text/plain',
      size: 29,
      hash: null,
      status: 'ready',
      providerStatus: 'PROCESSED',
      attributes: {},
    });
    expect(await alice.json(['file', 'get', 'desktop/folder/koala.txt', '--library', 'ai21'])).toEqual(up);
    expect(await alice.json(['file', 'get', up.id.slice(0, 8)])).toEqual(up);
    const raw: Json = await alice.json(['--raw', 'file', 'get', up.id]);
    expect(raw).toMatchObject({ fileId: up.id, path: 'desktop/folder', sizeBytes: 29, status: 'PROCESSED' });
    expect(await alice.json(['file', 'status', 'koala.txt'])).toEqual({
      id: up.id,
      libraryId: 'ai21',
      name: 'koala.txt',
      status: 'ready',
      providerStatus: 'PROCESSED',
      error: null,
      textNote: null,
    });
  });

  it('uploads many, a directory (subfolders become paths) and stdin', async () => {
    alice.file('m1.md', '# one');
    alice.file('m2.md', '# two');
    const many: Json[] = await alice.json(['file', 'upload', 'm1.md', 'm2.md', '--label', 'batch']);
    expect(many.map((f) => f.name)).toEqual(['m1.md', 'm2.md']);
    alice.file('tree/top.md', 'top');
    alice.file('tree/d1/a.md', 'a');
    alice.file('tree/d10/b.md', 'b');
    const tree: Json[] = await alice.json(['file', 'upload', 'tree', '--recursive', '--path', 'reports']);
    expect(tree.map((f) => `${f.path}${f.name}`)).toEqual(['reports/d1/a.md', 'reports/d10/b.md', 'reports/top.md']);
    const piped: Json = await alice.json(['file', 'upload', '-', '--name', 'faq.md'], { input: '# FAQ\n' });
    expect(piped).toMatchObject({ name: 'faq.md', path: '', size: 6 });
  });

  it('lists with the API filters: name, folder (d1 is not d10), label, status, search, sort, --all', async () => {
    await koala();
    await many();
    // In upload order, which concurrent uploads make unpredictable: compared sorted (but for --sort).
    const names = async (args: string[]) => {
      const got = ((await alice.json(['file', 'list', ...args])) as Json[]).map((f) => f.name as string);
      return args.includes('--sort') ? got : got.sort();
    };
    expect(await names(['--name', 'a.md'])).toEqual(['a.md']);
    expect(await names(['--path', 'reports/d1'])).toEqual(['a.md']);
    expect(await names(['--path', 'reports'])).toEqual(['a.md', 'b.md', 'top.md']);
    expect(await names(['--label', 'batch'])).toEqual(['m1.md', 'm2.md']);
    expect(await names(['--label', 'cuties', '--label', 'furry_animals'])).toEqual(['koala.txt']); // every one
    expect(await names(['--label', 'cuties', '--label', 'batch'])).toEqual([]);
    expect(await names(['--status', 'ready', '--label', 'cuties'])).toEqual(['koala.txt']);
    expect(await names(['--status', 'pending'])).toEqual([]);
    expect(await names(['--search', 'KOA'])).toEqual(['koala.txt']);
    expect(await names(['--sort', '-name', '--limit', '2'])).toEqual(['top.md', 'm2.md']);
    const all = await names(['--all']);
    expect(all).toHaveLength(7);
    const q = await alice.ok(['-q', 'file', 'list', '--path', 'reports']);
    expect(q.stdout.trim().split('\n')).toHaveLength(3);
    // Filters go to the server: one request with them, no listing filtered here; resolving the library costs none.
    const traced = await alice.run(['--debug', 'file', 'list', '--name', 'a.md', '--label', 'x', '--status', 'ready']);
    expect(requestLines(traced.stderr)).toEqual([
      expect.stringMatching(/\/library\/files\?name=a\.md&label=x&status=PROCESSED&offset=0&limit=51$/),
    ]);
    const two = await alice.run(['--debug', 'file', 'list', '--label', 'x', '--label', 'y']);
    expect(requestLines(two.stderr)).toHaveLength(1);
    expect(requestLines(two.stderr)[0]).toMatch(/\?label=x&label=y&offset=0&limit=51$/);
  });

  it('pages with offset and limit for --all (1,000 a page; 10 here)', async () => {
    const bob = s.cli('bob', { LIB_AI21_PAGE_SIZE: '10' });
    // His account library exists once he has uploaded into it (as the library test has him do).
    bob.file('a.md', '# a\n');
    bob.file('b.txt', 'bb');
    await bob.ok(['file', 'upload', 'a.md', 'b.txt']);
    const store = openStore(s.dataDir);
    try {
      const libraryId = accountLibraryId(s.server.principals[1]!.userId);
      for (let i = 0; i < 25; i++) {
        await store.putFile({
          libraryId,
          name: `p${String(i).padStart(4, '0')}.txt`,
          path: 'bulk/',
          content: Buffer.from('x'),
        });
      }
    } finally {
      store.close();
    }
    const r = await bob.run(['--debug', '-q', 'file', 'list', '--path', 'bulk', '--all']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(25);
    const lists = requestLines(r.stderr).filter((l) => l.includes('path=bulk'));
    expect(lists.map((l) => /offset=\d+/.exec(l)![0])).toEqual(['offset=0', 'offset=10', 'offset=20']);
  });

  it('updates labels (replace, add, remove) and the public URL without losing any', async () => {
    await many();
    const set: Json = await alice.json(['file', 'update', 'm1.md', '--label', 'a', '--label', 'b']);
    expect(set.labels).toEqual(['a', 'b']);
    const edited: Json = await alice.json(['file', 'update', 'm1.md', '--add-label', 'c', '--remove-label', 'a']);
    expect(edited).toMatchObject({ labels: ['b', 'c'], publicUrl: null });
    const url: Json = await alice.json(['file', 'update', 'm1.md', '--public-url', 'https://e.x/m1']);
    expect(url).toMatchObject({ labels: ['b', 'c'], publicUrl: 'https://e.x/m1' });
    const again: Json = await alice.json(['file', 'update', 'm1.md', '--add-label', 'd']);
    expect(again).toMatchObject({ labels: ['b', 'c', 'd'], publicUrl: 'https://e.x/m1' });
    const cleared: Json = await alice.json(['file', 'update', 'm1.md', '--public-url', '']);
    expect(cleared).toMatchObject({ labels: ['b', 'c', 'd'], publicUrl: null });
  });

  it('--overwrite deletes, then uploads; the labels and URL carry over', async () => {
    await koala();
    alice.file('koala.txt', 'Koalas sleep 22 hours a day.\n');
    const dup = await alice.run(['file', 'upload', 'koala.txt', '--path', 'desktop/folder']);
    expect(dup.code).toBe(5);
    expect(dup.stderr).toBe(
      'lib: file "koala.txt": File: koala.txt already exists (ai21, 422)\n' +
        'Pass --overwrite to replace it (AI21 deletes the old file, then takes the new one).\n',
    );
    const before: Json = await alice.json(['file', 'get', 'koala.txt']);
    const r = await alice.run(['file', 'upload', 'koala.txt', '--path', 'desktop/folder', '--overwrite', '--wait']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^Replaced koala\.txt -> "koala\.txt" \(/);
    const after: Json = await alice.json(['file', 'get', 'koala.txt']);
    expect(after).toMatchObject({ labels: before.labels, publicUrl: before.publicUrl, status: 'ready' });
    expect(after.id).not.toBe(before.id);
  });

  it('deletes files; an unknown one is exit 3', async () => {
    await many();
    const del = await alice.run(['--json', 'file', 'delete', 'faq.md', 'm2.md', '-y']);
    expect(del.code, del.stderr).toBe(0);
    expect((JSON.parse(del.stdout) as Json[]).map((f) => f.name)).toEqual(['faq.md', 'm2.md']);
    const gone = await alice.run(['file', 'get', 'faq.md']);
    expect(gone).toMatchObject({ code: 3, stdout: '', stderr: 'lib: file "faq.md" not found (ai21)\n' });
    const byId = await alice.run(['file', 'get', '8c5e33f9-1f3a-4d0e-9c43-4d8fbc0d1f00']);
    expect(byId.code).toBe(3);
    const status = await alice.run(['file', 'status', 'nope.md']);
    expect(status.code).toBe(3);
  });
});

describe('errors', () => {
  it('a wrong key is exit 4 with the hint, and the key never shows', async () => {
    const stranger = s.cli('alice', { AI21_API_KEY: 'wrong-key-0123456789' });
    stranger.sandbox.env.AI21_API_KEY = 'wrong-key-0123456789';
    const r = await stranger.run(['--debug', 'file', 'list']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(
      'lib: not authenticated (ai21, 401)\nCheck the API key: lib profile add NAME --provider ai21, or set AI21_API_KEY.\n',
    );
    expect(r.stderr).not.toContain('wrong-key-0123456789');
    const auth = await stranger.run(['auth', 'status']);
    expect(auth.code).toBe(4);
  });

  it('a 6 MB file and a .png are exit 2 before any request', async () => {
    alice.file('big.pdf', Buffer.alloc(6 * 1024 * 1024, 1));
    const big = await alice.run(['--debug', 'file', 'upload', 'big.pdf']);
    expect(big.code).toBe(2);
    expect(big.stderr).toContain(
      "lib: big.pdf: 6,291,456 bytes is over the ai21 provider's limit of 5,242,880 bytes (5 MiB) a file\n",
    );
    expect(requestLines(big.stderr)).toEqual([]);
    alice.file('cat.png', 'png');
    const png = await alice.run(['--debug', 'file', 'upload', 'cat.png']);
    expect(png).toMatchObject({ code: 2, stdout: '' });
    expect(png.stderr).toContain(
      'lib: cat.png: the ai21 provider takes PDF, DOCX, HTML, TXT and MD files only, not .png\n',
    );
    expect(requestLines(png.stderr)).toEqual([]);
    // Among others, each is that file's failure; the rest still go (exit 6).
    alice.file('ok.txt', 'fine');
    const mixed = await alice.run(['-q', 'file', 'upload', 'ok.txt', 'cat.png']);
    expect(mixed.code).toBe(6);
    expect(mixed.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('deleting a file still processing is exit 5 with a message to wait; after processing it goes', async () => {
    const slow = await startAi21({ processingMs: 10_000 });
    try {
      const carol = slow.cli('alice');
      carol.file('slow.md', '# slow');
      const up: Json = await carol.json(['file', 'upload', 'slow.md']);
      expect(up).toMatchObject({ status: 'pending', providerStatus: 'UPLOADED' });
      slow.clock.advance(6_000); // past the first half: PROCESSING
      expect(await carol.json(['file', 'status', 'slow.md'])).toMatchObject({ providerStatus: 'PROCESSING' });
      const r = await carol.run(['file', 'delete', 'slow.md', '-y']);
      expect(r.code).toBe(5);
      expect(r.stderr).toBe(
        `lib: file "${up.id}" is still processing; AI21 cannot delete it yet (ai21, 422)\n` +
          `Wait until it is processed (lib file wait ${up.id}), then delete it.\n`,
      );
      slow.clock.advance(5_000);
      const wait: Json[] = await carol.json(['file', 'wait', 'slow.md']);
      expect(wait[0]).toMatchObject({ status: 'ready', providerStatus: 'PROCESSED' });
      await carol.ok(['file', 'delete', 'slow.md', '-y']);
      expect(expectNothingLeaked(slow)).toEqual([]);
    } finally {
      await slow.close();
    }
  });

  it('a library over its size limit is refused by the server in its words', async () => {
    const small = await startAi21({ maxLibraryBytes: 10 });
    try {
      const dan = small.cli('bob');
      dan.file('a.txt', '123456');
      dan.file('b.txt', '123456');
      await dan.ok(['file', 'upload', 'a.txt']);
      const r = await dan.run(['file', 'upload', 'b.txt']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Library size limit exceeded');
      // --overwrite whose new upload then fails: the message says the old file is gone.
      dan.file('a.txt', '12345678901');
      const over = await dan.run(['file', 'upload', 'a.txt', '--overwrite']);
      expect(over.code).toBe(2);
      expect(over.stderr).toMatch(
        /^lib: a\.txt: the old file \([0-9a-f-]{36}\) was deleted to replace it, but the new upload failed: invalid request for file "a\.txt": Library size limit exceeded: .* \(ai21, 422\)\nUpload it again \(without --overwrite: the old one is gone\)\.\n$/,
      );
      expect(await dan.json(['file', 'list'])).toEqual([]);
      expect(expectNothingLeaked(small)).toEqual([]);
    } finally {
      await small.close();
    }
  });
});

describe('profiles', () => {
  it('a profile with the key from stdin, checked with one request; the default base URL is AI21', async () => {
    // Something in alice's library to list.
    alice.file('listed.md', '# listed\n');
    await alice.ok(['file', 'upload', 'listed.md']);
    const user = s.cli('alice');
    const home = { LIB_PROVIDER: undefined, LIB_BASE_URL: undefined, AI21_API_KEY: undefined } as Record<
      string,
      undefined
    >;
    await user.ok(['profile', 'add', 'studio', '--provider', 'ai21', '--base-url', s.baseUrl, '--use'], {
      input: s.tokens.alice,
      env: home,
    });
    const status: Json = await user.json(['auth', 'status'], { env: home });
    expect(status).toMatchObject({ provider: 'ai21', profile: 'studio', baseUrl: s.baseUrl, userName: 'alice' });
    const names: Json[] = await user.json(['file', 'list', '--all'], { env: home });
    expect(names.length).toBeGreaterThan(0);
    const shown: Json = await user.json(['profile', 'show'], { env: { ...home, LIB_BASE_URL: undefined } });
    expect(shown.baseUrl).toBe(s.baseUrl);
    const fresh = s.cli('bob');
    const defaults: Json = await fresh.json(['profile', 'show'], { env: { LIB_BASE_URL: undefined } });
    expect(defaults.baseUrl).toBe('https://api.ai21.com/studio/v1');
  });
});

// Used by the directory test above.
void writeFiles;
void path;

describe('several --label filters on every provider that has labels', () => {
  it('local and hal list the files that carry every label given', async () => {
    const local = s.cli('alice', { LIB_PROVIDER: 'local' });
    await local.ok(['library', 'create', 'L']);
    local.file('a.md', 'a');
    local.file('b.md', 'b');
    await local.ok(['file', 'upload', 'a.md', '-l', 'L', '--label', 'x', '--label', 'y']);
    await local.ok(['file', 'upload', 'b.md', '-l', 'L', '--label', 'x']);
    const both: Json[] = await local.json(['file', 'list', '-l', 'L', '--label', 'x', '--label', 'y']);
    expect(both.map((f) => f.name)).toEqual(['a.md']);
    const hal = s.cli('bob', { LIB_PROVIDER: 'hal', LIB_BASE_URL: s.url });
    hal.sandbox.env.LIB_API_KEY = s.tokens.bob;
    await hal.ok(['library', 'create', 'H']);
    hal.file('a.md', 'a');
    hal.file('b.md', 'b');
    await hal.ok(['file', 'upload', 'a.md', '-l', 'bob:h', '--label', 'x', '--label', 'y']);
    await hal.ok(['file', 'upload', 'b.md', '-l', 'bob:h', '--label', 'x']);
    const halBoth: Json[] = await hal.json(['file', 'list', '-l', 'bob:h', '--label', 'y', '--label', 'x']);
    expect(halBoth.map((f) => f.name)).toEqual(['a.md']);
    expect(((await hal.json(['file', 'list', '-l', 'bob:h', '--label', 'x'])) as Json[]).length).toBe(2);
  });
});
