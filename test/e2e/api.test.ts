/**
 * lib api against lib serve on an ephemeral port, in its mistral and hal
 * dialects: the answer's body on stdout as it came, fields, --input, -i,
 * --paginate over each dialect's paging, the verbs' exit codes for non-2xx
 * answers, the local provider refused, and no key in any output (--debug
 * included).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { api, apiUpload, Cli, requestLines, type Json } from '../e2e-mistral/helpers.js';
import { json, ROOT, Sandbox, tempDir } from '../helpers.js';

const KEY = `alice-${'k3y'.repeat(12)}`;
let server: RunningServer;
let data: string;
let mistral: Cli;
let hal: Cli;
const libraries: Json[] = [];

beforeAll(async () => {
  data = tempDir('lib-api-data-');
  server = await startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir: data,
    tokens: [{ name: 'alice', secret: KEY }],
    processingMs: 0,
    syncCheckMs: 0,
  });
  mistral = new Cli(server, KEY, { LIB_RETRY_BASE_MS: '1' });
  hal = new Cli(server, KEY, { LIB_PROVIDER: 'hal', LIB_RETRY_BASE_MS: '1' });
  for (const name of ['alpha', 'bravo', 'charlie', 'delta', 'echo']) {
    libraries.push(await api(server, KEY, 'POST', '/v1/libraries', { name }));
  }
  for (const name of ['a.txt', 'b.txt', 'c.txt'])
    await apiUpload(server, KEY, libraries[0].id, name, `text of ${name}`);
});

afterAll(async () => {
  for (const text of [...mistral.outputs, ...hal.outputs]) expect(text).not.toContain(KEY);
  mistral.cleanup();
  hal.cleanup();
  await server.close();
  fs.rmSync(data, { recursive: true, force: true });
});

const names = (items: Json[]) => items.map((x: Json) => x.name);

/** main() with stdout a terminal (the helpers' runs are pipes): what a person at a terminal sees. */
async function onTerminal(cli: Cli, argv: string[]): Promise<{ code: number; out: string }> {
  const { main } = (await import(pathToFileURL(path.join(ROOT, 'dist', 'main.js')).href)) as {
    main: (argv: string[], env: NodeJS.ProcessEnv, io: unknown) => Promise<number>;
  };
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const io = {
    out,
    err: new PassThrough(),
    in: Readable.from([]),
    isStdoutTTY: true,
    isStderrTTY: false,
    isStdinTTY: false,
    color: false,
    progress: false,
    columns: 80,
  };
  const code = await main(argv, { ...cli.sandbox.env }, io);
  const text = Buffer.concat(chunks).toString('utf8');
  cli.outputs.push(text);
  return { code, out: text };
}

describe('lib api on mistral', () => {
  it('GET prints the body exactly as the server sent it (a pipe gets no pretty-printing)', async () => {
    const r = await mistral.run(['api', '/v1/libraries']);
    const direct = await fetch(`${server.url}/v1/libraries`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: await direct.text() });
    expect(names(json<Json>(r.stdout).data)).toEqual(expect.arrayContaining(['alpha', 'echo']));
  });

  it('a terminal gets the JSON pretty-printed, a page list as an indented array', async () => {
    const one = await onTerminal(mistral, ['api', `/v1/libraries/${libraries[2].id}`]);
    expect(one.code).toBe(0);
    expect(one.out).toBe(`${JSON.stringify(json(one.out), null, 2)}\n`);
    const all = await onTerminal(mistral, ['api', '/v1/libraries?page_size=2', '--paginate']);
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/^\[\n {2}\{\n {4}"id": /);
    expect(names(json<Json[]>(all.out)).sort()).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
  });

  it('fields make a POST with a JSON body: -f strings, -F typed', async () => {
    const r = await mistral.run(['api', '/v1/libraries', '-f', 'name=from-fields', '-F', 'chunk_size=512']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const made = json<Json>(r.stdout);
    expect(made).toMatchObject({ name: 'from-fields', chunk_size: 512 });
    const got = json<Json>((await mistral.ok(['api', 'GET', `/v1/libraries/${made.id}`])).stdout);
    expect(got).toMatchObject({ id: made.id, name: 'from-fields' });
    await mistral.ok(['api', 'DELETE', `/v1/libraries/${made.id}`]);
  });

  it('--input sends a file as the body; --input - reads stdin', async () => {
    const file = mistral.file('library.json', JSON.stringify({ name: 'from-file', description: 'read from a file' }));
    const made = json<Json>((await mistral.ok(['api', '/v1/libraries', '--input', file])).stdout);
    expect(made).toMatchObject({ name: 'from-file', description: 'read from a file' });
    const patched = await mistral.run(['api', 'PATCH', `/v1/libraries/${made.id}`, '--input', '-'], {
      input: JSON.stringify({ name: 'from-file', description: 'from stdin' }),
    });
    expect(patched).toMatchObject({ code: 0, stderr: '' });
    expect(json<Json>(patched.stdout).description).toBe('from stdin');
    await mistral.ok(['api', 'DELETE', `/v1/libraries/${made.id}`]);
  });

  it('--paginate follows next_page_token and prints every item as one JSON array', async () => {
    const r = await mistral.run(['--debug', 'api', '/v1/libraries', '-F', 'page_size=2', '--paginate']);
    expect(r.code).toBe(0);
    expect(requestLines(r.stderr)).toHaveLength(3);
    expect(requestLines(r.stderr)[1]).toMatch(/page_size=2&page_token=/);
    const items = json<Json[]>(r.stdout);
    expect(names(items).sort()).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
  });

  it("--paginate follows the documents' page numbers; --ndjson prints one item a line", async () => {
    const r = await mistral.run([
      '--ndjson',
      '--debug',
      'api',
      `/v1/libraries/${libraries[0].id}/documents?page_size=2`,
      '--paginate',
    ]);
    expect(r.code).toBe(0);
    expect(requestLines(r.stderr).map((l) => /page=\d/.exec(l)?.[0] ?? 'first')).toEqual(['first', 'page=1']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => json<Json>(l).name).sort()).toEqual(['a.txt', 'b.txt', 'c.txt']);
  });

  it('-i prints the status line and headers, a blank line, then the body', async () => {
    const r = await mistral.run(['api', '-i', `/v1/libraries/${libraries[1].id}`]);
    expect(r.code).toBe(0);
    const [head, body] = r.stdout.split('\n\n');
    expect(head!.split('\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(head).toMatch(/^content-type: application\/json/m);
    expect(json<Json>(body!)).toMatchObject({ id: libraries[1].id, name: 'bravo' });
  });

  it('a 404 prints its body, then exits 3 with one line', async () => {
    const r = await mistral.run(['api', '/v1/libraries/00000000-0000-4000-8000-000000000000']);
    expect(r.code).toBe(3);
    expect(json<Json>(r.stdout)).toHaveProperty('detail');
    expect(r.stderr).toMatch(/^lib: .* \(mistral, 404\)\n$/);
  });

  it('a wrong key exits 4 with the auth hint, and the key is not printed', async () => {
    const r = await mistral.run(['api', '/v1/libraries'], { env: { LIB_API_KEY: 'wrong-key-0123456789' } });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^lib: .*\(mistral, 401\)\nCheck the API key: /);
    expect(r.stderr + r.stdout).not.toContain('wrong-key-0123456789');
  });

  it('--debug traces the request with the key redacted', async () => {
    const r = await mistral.run(['--debug', 'api', '/v1/libraries']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('[debug] > GET http://127.0.0.1:');
    expect(r.stderr).toContain('[debug] > authorization: Bearer ***');
    expect(r.stderr).toMatch(/\[debug\] > user-agent: lib\/\S+ node\//);
    expect(r.stderr + r.stdout).not.toContain(KEY);
  });

  it('refuses what it cannot send, before any request (exit 2)', async () => {
    const cases: [string[], string][] = [
      [['api', '/v1/libraries', '--paginate', '-i'], 'lib: --paginate and -i cannot be used together\n'],
      [['api', 'DELETE', '/v1/libraries', '--paginate'], 'lib: --paginate follows the pages of a GET, not DELETE\n'],
      [['api', '/v1/libraries', '-H', 'no colon'], `lib: invalid header "no colon": expected 'Name: value'\n`],
      [['api', '/v1/libraries', '-f', 'novalue'], 'lib: invalid field "novalue": expected key=value\n'],
      [['api', 'https://elsewhere.example/v1/libraries'], ''],
    ];
    for (const [argv, stderr] of cases) {
      const r = await mistral.run(['--debug', ...argv]);
      expect({ argv, code: r.code, requests: requestLines(r.stderr) }).toEqual({ argv, code: 2, requests: [] });
      if (stderr) expect(r.stderr.split('\n').find((l) => l.startsWith('lib: ')) + '\n').toBe(stderr);
    }
  });
});

describe('lib api on hal', () => {
  it('GET by natural id, the path relative to the base URL (which ends before /api)', async () => {
    const r = await hal.run(['api', `/api/libraries/alice:bravo`]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(json<Json>(r.stdout)).toMatchObject({ name: 'bravo' });
    // A base URL that ends in /api means the same server.
    const again = await hal.run(['api', `/api/libraries/alice:bravo`], { env: { LIB_BASE_URL: `${server.url}/api` } });
    expect(again.stdout).toBe(r.stdout);
  });

  it('--paginate follows start/count/total', async () => {
    const r = await hal.run(['--debug', 'api', '/api/libraries', '-F', 'limit=2', '--paginate']);
    expect(r.code).toBe(0);
    expect(requestLines(r.stderr).map((l) => /start=\d+/.exec(l)?.[0] ?? 'first')).toEqual([
      'first',
      'start=2',
      'start=4',
    ]);
    expect(names(json<Json[]>(r.stdout)).sort()).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
  });

  it('POST with fields creates; the same name again is a conflict (exit 5)', async () => {
    const made = await hal.run(['api', '/api/libraries', '-f', 'name=foxtrot', '-f', 'type=local']);
    expect(made).toMatchObject({ code: 0, stderr: '' });
    expect(json<Json>(made.stdout)).toMatchObject({ name: 'foxtrot' });
    const again = await hal.run(['api', '/api/libraries', '-f', 'name=foxtrot', '-f', 'type=local']);
    expect(again.code).toBe(5);
    expect(again.stderr).toMatch(/\(hal, 409\)\n$/);
    await hal.ok(['api', 'DELETE', '/api/libraries/alice:foxtrot']);
  });
});

describe('lib api on the local provider', () => {
  it('exits 2 with one line: it needs a remote provider', async () => {
    const sb = new Sandbox();
    try {
      const r = await sb.run(['api', '/v1/libraries']);
      expect(r).toMatchObject({
        code: 2,
        stdout: '',
        stderr:
          'lib: lib api needs a remote provider (mistral, ai21, hal); the current one is local: run lib serve and point LIB_PROVIDER, LIB_BASE_URL and LIB_API_KEY at it\n',
      });
    } finally {
      sb.cleanup();
    }
  });
});
