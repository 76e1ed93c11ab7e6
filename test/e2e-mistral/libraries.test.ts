/**
 * The built `lib` against `lib serve` (child processes): library verbs,
 * page-token pagination, errors and exit codes, --raw, --debug, profiles and
 * the plain-http key guard. Every output is checked for the API keys at the end.
 * Records that are only the setting of a test are made straight through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  Cli,
  expectNoKeysLeaked,
  HOOK_TIMEOUT,
  requestLines,
  startServe,
  TEST_TIMEOUT,
  type Serve,
} from './helpers.js';

let server: Serve;
let alice: Cli;
let bob: Cli;

beforeAll(async () => {
  server = await startServe({ processingMs: 300 });
  alice = new Cli(server, server.alice.token);
  bob = new Cli(server, server.bob.token);
  await api(server, server.alice.token, 'POST', '/v1/libraries', {
    name: 'Fixture',
    description: 'for the error tests',
  });
}, HOOK_TIMEOUT);

afterAll(async () => {
  expectNoKeysLeaked([server], [alice, bob]);
  await server?.dispose();
}, HOOK_TIMEOUT);

describe('library verbs', () => {
  it(
    'create, get, update, list, delete',
    async () => {
      const created = await alice.json([
        'library',
        'create',
        'Team Docs',
        '--description',
        'Handbooks',
        '--chunk-size',
        '1024',
      ]);
      expect(Object.keys(created).sort()).toEqual(
        [
          'createdAt',
          'description',
          'documents',
          'id',
          'name',
          'naturalId',
          'ownerId',
          'shared',
          'size',
          'syncedAt',
          'syncInterval',
          'driver',
          'permissions',
          'type',
          'updatedAt',
        ].sort(),
      );
      expect(created).toMatchObject({
        name: 'Team Docs',
        description: 'Handbooks',
        ownerId: server.alice.userId,
        documents: 0,
        size: 0,
        naturalId: null,
        type: null,
        syncedAt: null,
        syncInterval: null,
        driver: null,
        permissions: null,
      });
      const id = created.id as string;

      // The human form in a pipe: a confirmation on stderr, the record on stdout as field<TAB>value lines.
      const human = await alice.ok(['library', 'create', 'Scratch']);
      expect(human.stderr).toMatch(/^Created library "Scratch" \([0-9a-f-]{36}\)\n$/);
      expect(human.stdout).toMatch(/^id\t[0-9a-f-]{36}\nname\tScratch\ndescription\t\n/);

      // get by name; --raw shows Mistral's own payload, chunk_size included.
      const raw = await alice.json(['--raw', 'library', 'get', 'Team Docs']);
      expect(raw).toMatchObject({
        id,
        name: 'Team Docs',
        chunk_size: 1024,
        nb_documents: 0,
        total_size: 0,
        owner_id: server.alice.userId,
      });
      expect(raw).not.toHaveProperty('documents');

      const updated = await alice.json([
        'library',
        'update',
        'Team Docs',
        '--name',
        'Team Handbook',
        '--description',
        'Policies',
      ]);
      expect(updated).toMatchObject({ id, name: 'Team Handbook', description: 'Policies' });

      // list in a pipe: id, name, documents, size, updated; tab-separated, one a line.
      const rows = (await alice.ok(['library', 'list'])).stdout
        .trimEnd()
        .split('\n')
        .map((l) => l.split('\t'));
      expect(rows.map((r) => r[1]).sort()).toEqual(['Fixture', 'Scratch', 'Team Handbook']);
      expect(rows.find((r) => r[0] === id)).toEqual([
        id,
        'Team Handbook',
        '0',
        '0',
        expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      ]);
      expect((await alice.json(['library', 'list', '--search', 'handbook'])).map((l: { id: string }) => l.id)).toEqual([
        id,
      ]);

      // delete: refused without a terminal and without -y, done with -y; then it is gone.
      const refused = await alice.run(['library', 'delete', 'Scratch']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('pass -y');
      const deleted = await alice.ok(['library', 'delete', 'Scratch', '-y']);
      expect(deleted.stderr).toMatch(/^Deleted library "Scratch" \([0-9a-f-]{36}\)\n$/);
      const gone = await alice.run(['library', 'get', 'Scratch']);
      expect(gone.code).toBe(3);
      expect(gone.stderr).toBe('lib: library "Scratch" not found (mistral, 404)\n');
    },
    TEST_TIMEOUT,
  );

  it(
    'follows next_page_token across several pages for --all, and asks only for what --limit needs',
    async () => {
      // 230 libraries for bob (straight through the API: setup, not the subject), so --all needs three pages of 100.
      const names: string[] = [];
      for (let i = 0; i < 230; i++) names.push(`bulk-${String(i).padStart(3, '0')}`);
      for (let i = 0; i < names.length; i += 10) {
        await Promise.all(
          names.slice(i, i + 10).map((name) => api(server, server.bob.token, 'POST', '/v1/libraries', { name })),
        );
      }

      const all = await bob.run(['--debug', '--json', 'library', 'list', '--all']);
      expect(all.code, all.stderr).toBe(0);
      const libs = JSON.parse(all.stdout) as { id: string; name: string }[];
      expect(libs).toHaveLength(230);
      expect(new Set(libs.map((l) => l.id)).size).toBe(230);
      expect(libs.map((l) => l.name).sort()).toEqual(names);
      const gets = requestLines(all.stderr);
      expect(gets).toHaveLength(3);
      expect(gets[0]).toMatch(/> GET http:\/\/127\.0\.0\.1:\d+\/v1\/libraries\?page_size=100$/);
      expect(gets[1]).toMatch(/\?page_size=100&page_token=[\w-]+$/);
      expect(gets[2]).toMatch(/\?page_size=100&page_token=[\w-]+$/);
      expect(gets[1]).not.toEqual(gets[2]);

      // --limit 150: two pages, stops at 150; --limit 3: one small page; no flag: 50.
      const limited = await bob.run(['--debug', '--json', 'library', 'list', '--limit', '150']);
      expect(JSON.parse(limited.stdout)).toHaveLength(150);
      expect(requestLines(limited.stderr)).toHaveLength(2);
      const three = await bob.run(['--debug', '-q', 'library', 'list', '--limit', '3']);
      expect(three.stdout.trim().split('\n')).toHaveLength(3);
      expect(requestLines(three.stderr)).toEqual([expect.stringMatching(/\?page_size=3$/)]);
      expect((await bob.ok(['--ndjson', 'library', 'list'])).stdout.trim().split('\n')).toHaveLength(50);
      // --sort needs every page first.
      const sorted = await bob.json(['library', 'list', '--sort', '-name', '--limit', '2']);
      expect(sorted.map((l: { name: string }) => l.name)).toEqual(['bulk-229', 'bulk-228']);
    },
    TEST_TIMEOUT,
  );
});

describe('errors', () => {
  it(
    'unknown library: 3; wrong key: 4 with a hint; a 422 detail shown; plain http to another host: 2 before any request',
    async () => {
      for (const args of [
        ['library', 'get', 'No Such Library'],
        ['file', 'list', '--library', '00000000-0000-4000-8000-000000000000'],
      ]) {
        const r = await alice.run(args);
        expect(r.code, args.join(' ')).toBe(3);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(/^lib: library "[^"]+" not found \(mistral, 404\)\n$/);
      }

      const wrong = await alice.run(['library', 'list'], { env: { LIB_API_KEY: 'not-the-right-key-0123456789' } });
      expect(wrong.code).toBe(4);
      expect(wrong.stdout).toBe('');
      const lines = wrong.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(2); // the error, then the hint; no stack trace
      expect(lines[0]).toBe('lib: not authenticated (mistral, 401)');
      expect(lines[1]).toMatch(/API key/);
      expect(wrong.stderr).not.toContain('not-the-right-key-0123456789');

      // MISTRAL_API_KEY works in place of LIB_API_KEY.
      const vendorKey = await alice.run(['-q', 'library', 'list'], {
        env: { LIB_API_KEY: undefined, MISTRAL_API_KEY: server.alice.token },
      });
      expect(vendorKey.code, vendorKey.stderr).toBe(0);

      // The CLI accepts any positive --chunk-size; Mistral's range (256..32768) is the server's to enforce.
      const tiny = await alice.run(['library', 'create', 'Tiny Chunks', '--chunk-size', '100']);
      expect(tiny.code).toBe(2);
      expect(tiny.stderr).toBe(
        'lib: invalid request for library "Tiny Chunks": body.chunk_size: Input should be greater than or equal to 256 (mistral, 422)\n',
      );

      const plain = await alice.run(['--debug', 'library', 'list'], {
        env: { LIB_BASE_URL: 'http://example.invalid' },
      });
      expect(plain.code).toBe(2);
      expect(plain.stderr).toContain('lib: refusing to send the API key over plain http to example.invalid; use https');
      // No request was traced: nothing was attempted (a lookup of example.invalid would have failed with exit 1).
      expect(requestLines(plain.stderr)).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'what Mistral lacks is exit 2 "does not support"',
    async () => {
      const f = alice.file('u.txt', 'unsupported things\n');
      const cases = [
        ['file', 'upload', f, '--library', 'Fixture', '--label', 'hr'],
        ['file', 'list', '--library', 'Fixture', '--path', 'policies'],
        ['library', 'create', 'Typed', '--type', 'web'],
      ];
      for (const args of cases) {
        const r = await alice.run(args);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.stderr, args.join(' ')).toMatch(/^lib: the mistral provider (does not support|has no) [^\n]+\n$/);
      }
      // Nothing was uploaded or created by the refused commands.
      expect((await api(server, server.alice.token, 'GET', '/v1/libraries?search=Typed')).data).toEqual([]);
      const fixture = (await api(server, server.alice.token, 'GET', '/v1/libraries?search=Fixture')).data[0];
      expect(fixture.nb_documents).toBe(0);
    },
    TEST_TIMEOUT,
  );
});

describe('--debug and --raw', () => {
  it(
    "--debug traces requests and responses on stderr, key redacted; --raw --json prints Mistral's payload",
    async () => {
      const r = await alice.run(['--debug', 'library', 'get', 'Fixture']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^id\t[0-9a-f-]{36}\nname\tFixture\n/);
      expect(r.stdout).not.toContain('[debug]');
      expect(r.stderr).toMatch(
        /^\[debug\] > GET http:\/\/127\.0\.0\.1:\d+\/v1\/libraries\?page_size=100&search=Fixture$/m,
      );
      expect(r.stderr).toMatch(/^\[debug\] > authorization: Bearer \*\*\*$/m);
      expect(r.stderr).toMatch(/^\[debug\] > user-agent: lib\/\S+ node\/v\d+/m);
      expect(r.stderr).toMatch(/^\[debug\] < 200 OK \(\d+ ms\)$/m);
      expect(r.stderr).not.toContain(server.alice.token);

      // An error with --debug: the trace and a stack, still no key.
      const bad = await alice.run(['--debug', 'library', 'get', 'Nope']);
      expect(bad.code).toBe(3);
      expect(bad.stderr).toContain('[debug] < 200 OK');
      expect(bad.stderr).toContain('NotFoundError');
      expect(bad.stderr).not.toContain(server.alice.token);

      const raw = await alice.json(['--raw', 'library', 'list', '--search', 'Fixture']);
      expect(raw).toEqual([
        expect.objectContaining({
          name: 'Fixture',
          description: 'for the error tests',
          nb_documents: 0,
          total_size: 0,
          owner_type: 'User',
        }),
      ]);
      expect(Object.keys(raw[0])).toEqual(
        expect.arrayContaining(['created_at', 'updated_at', 'owner_id', 'chunk_size']),
      );
    },
    TEST_TIMEOUT,
  );
});

describe('profiles', () => {
  it(
    'add takes the key on stdin; --profile uses it; list and show never print it',
    async () => {
      // A user with nothing in the environment but LIB_HOME.
      const user = new Cli(server, '');
      for (const k of ['LIB_PROVIDER', 'LIB_BASE_URL', 'LIB_API_KEY']) delete user.sandbox.env[k];
      try {
        const add = await user.run(['profile', 'add', 'm', '--provider', 'mistral', '--base-url', server.url], {
          input: `${server.alice.token}\n`,
        });
        expect(add.code, add.stderr).toBe(0);
        expect(add.stderr).toBe('Saved profile "m" (mistral)\n');

        const list = await user.run(['--profile', 'm', 'library', 'list']);
        expect(list.code, list.stderr).toBe(0);
        expect(list.stdout).toContain('\tFixture\t');
        expect(
          (await user.run(['-q', 'library', 'list'], { env: { LIB_PROFILE: 'm' } })).stdout.trim().split('\n'),
        ).toHaveLength(list.stdout.trim().split('\n').length);

        const tail = server.alice.token.slice(-4);
        const profiles = await user.run(['profile', 'list']);
        expect(profiles.stdout).toMatch(
          new RegExp(`^m\\tmistral\\t${server.url.replace(/[.:/]/g, '\\$&')}\\t\\.\\.\\.${tail}$`, 'm'),
        );
        const shown = await user.run(['--json', 'profile', 'show', 'm']);
        expect(JSON.parse(shown.stdout)).toMatchObject({
          profile: 'm',
          provider: 'mistral',
          baseUrl: server.url,
          apiKey: `...${tail}`,
        });
        for (const r of [add, list, profiles, shown]) expect(r.stdout + r.stderr).not.toContain(server.alice.token);
      } finally {
        user.cleanup();
      }
    },
    TEST_TIMEOUT,
  );
});
