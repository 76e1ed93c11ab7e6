import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../clock.js';
import { ALICE, call, eventually, fileForm, sleep, startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
const clock = new TestClock();
let lib: string;
const api = (method: string, path: string, opts?: Parameters<typeof call>[3]) => call(t.url, method, path, opts);
const docs = () => `/v1/libraries/${lib}/documents`;
const upload = (name: string, content: string | Uint8Array, type?: string) =>
  api('POST', docs(), { body: fileForm(name, content, type) });

beforeAll(async () => {
  // Processing takes 400 ms on a clock the processing test moves.
  t = await startTestServer({ processingMs: 400, now: clock.now });
  lib = (await api('POST', '/v1/libraries', { json: { name: 'Docs' } })).body.id;
});
afterAll(() => t.close());

describe('upload', () => {
  it('answers 201 with every Document field, then 200 with the same document for the same bytes', async () => {
    const first = await upload('notes.txt', 'hello world');
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      library_id: lib,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      mime_type: 'text/plain',
      extension: 'txt',
      size: 11,
      name: 'notes.txt',
      summary: null,
      created_at: expect.stringMatching(/Z$/),
      last_processed_at: null,
      number_of_pages: 1,
      process_status: 'todo',
      uploaded_by_id: t.alice.userId,
      uploaded_by_type: 'User',
      tokens_processing_main_content: null,
      tokens_processing_summary: null,
      url: null,
      attributes: {},
      expires_at: null,
      processing_status: 'todo',
      tokens_processing_total: 0,
    });
    const again = await upload('renamed.txt', 'hello world');
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.name).toBe('notes.txt');
  });

  it('keeps two documents of the same name with different content, as Mistral does', async () => {
    const a = await upload('same.md', '# one', 'application/octet-stream');
    const b = await upload('same.md', '# two', 'application/octet-stream');
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
    expect(b.body.mime_type).toBe('text/markdown');
  });

  it('labels octet-stream uploads by their extension and strips client paths from names', async () => {
    const res = await upload('C:\\tmp\\report.pdf', new Uint8Array([37, 80, 68, 70]), 'application/octet-stream');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'report.pdf', mime_type: 'application/pdf', number_of_pages: null });
  });

  it('streams a large upload and keeps every byte', async () => {
    const big = new Uint8Array(5 * 1024 * 1024 + 7).map((_, i) => (i * 31) % 251);
    const res = await upload('big.bin', big, 'application/octet-stream');
    expect(res.status).toBe(201);
    expect(res.body.size).toBe(big.length);
    const url = (await api('GET', `${docs()}/${res.body.id}/signed-url`)).body;
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(big))).toBe(0);
  });

  it('keeps nothing of an upload the client abandons half-way, and goes on serving', async () => {
    const before = (await api('GET', docs())).body.pagination.total_items;
    const boundary = 'cut-here';
    const url = new URL(`${t.url}${docs()}`);
    await new Promise<void>((resolve) => {
      const req = request(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${ALICE}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      req.on('error', () => resolve());
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half.txt"\r\n\r\n`);
      req.write('x'.repeat(256 * 1024), () => setTimeout(() => req.destroy(), 50));
      req.on('close', () => resolve());
    });
    await eventually(() => expect(readdirSync(join(t.dir, 'tmp'))).toEqual([])); // the store's temp blob is gone too
    expect((await api('GET', docs())).body.pagination.total_items).toBe(before);
  });

  it('answers 422 when the file field is missing or is not a file', async () => {
    const form = new FormData();
    form.append('other', 'x');
    const missing = await api('POST', docs(), { body: form });
    expect(missing.status).toBe(422);
    expect(missing.body.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'file'] });

    const text = new FormData();
    text.append('file', 'just a string');
    const notFile = await api('POST', docs(), { body: text });
    expect(notFile.status).toBe(422);
    expect(notFile.body.detail[0].loc).toEqual(['body', 'file']);

    const json = await api('POST', docs(), { json: { file: 'x' } });
    expect(json.status).toBe(422);
  });

  it('answers 400 for a body that is not valid multipart', async () => {
    const res = await api('POST', docs(), {
      body: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nno closing boundary',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: 'There was an error parsing the body' });
  });
});

describe('processing', () => {
  it('passes todo -> in_progress -> done on the delay, and again after reprocess', async () => {
    const doc = (await upload('slow.txt', 'slow text')).body;
    const status = async () => (await api('GET', `${docs()}/${doc.id}/status`)).body;
    expect(await status()).toEqual({ document_id: doc.id, process_status: 'todo', processing_status: 'todo' });
    // A look every 50 ms of the server's clock: the states in order, the first two for about 200 ms each.
    const seen = async () => {
      const states: string[] = [];
      for (let s = ''; s !== 'done'; clock.advance(50)) {
        s = (await status()).process_status;
        states.push(s);
      }
      const count = (state: string) => states.filter((x) => x === state).length;
      expect([count('todo'), count('in_progress')].map((n) => n >= 3 && n <= 5)).toEqual([true, true]);
      return [...new Set(states)];
    };
    expect(await seen()).toEqual(['todo', 'in_progress', 'done']);
    const done = (await api('GET', `${docs()}/${doc.id}`)).body;
    expect(done.last_processed_at).toEqual(expect.stringMatching(/Z$/));

    const re = await api('POST', `${docs()}/${doc.id}/reprocess`);
    expect(re.status).toBe(204);
    expect(re.text).toBe('');
    expect(await seen()).toEqual(['todo', 'in_progress', 'done']);
  });

  it('returns the text of text documents and empty text for others', async () => {
    const txt = (await upload('t.txt', 'some words here')).body;
    const pdf = (await upload('p.pdf', new Uint8Array([1, 2, 3]), 'application/pdf')).body;
    expect((await api('GET', `${docs()}/${txt.id}/text_content`)).body).toEqual({ text: 'some words here' });
    expect((await api('GET', `${docs()}/${txt.id}/text_content?page_start=1&page_end=1`)).body.text).toBe(
      'some words here',
    );
    expect((await api('GET', `${docs()}/${txt.id}/text_content?page_start=2`)).body.text).toBe('');
    expect((await api('GET', `${docs()}/${pdf.id}/text_content`)).body).toEqual({ text: '' });
    expect((await api('GET', `${docs()}/${txt.id}/text_content?page_start=x`)).status).toBe(422);
  });
});

describe('list', () => {
  let s: TestServer;
  let l: string;
  const names = (res: { body: { data: { name: string }[] } }) => res.body.data.map((d) => d.name);

  beforeAll(async () => {
    s = await startTestServer();
    l = (await call(s.url, 'POST', '/v1/libraries', { json: { name: 'L' } })).body.id;
    for (const [i, name] of ['b.txt', 'a.txt', 'c.md', 'd.txt', 'e.txt'].entries()) {
      const doc = (
        await call(s.url, 'POST', `/v1/libraries/${l}/documents`, {
          body: fileForm(name, `content ${name} ${'x'.repeat(i)}`),
        })
      ).body;
      await call(s.url, 'PATCH', `/v1/libraries/${l}/documents/${doc.id}`, {
        json: { attributes: { rank: i, team: i % 2 ? 'core' : 'web' } },
      });
      await sleep(3);
    }
  });
  afterAll(() => s.close());
  const list = (q: string) => call(s.url, 'GET', `/v1/libraries/${l}/documents${q}`);

  it('pages with 0-based page and page_size, newest first by default', async () => {
    const first = await list('?page_size=2');
    expect(names(first)).toEqual(['e.txt', 'd.txt']);
    expect(first.body.pagination).toEqual({
      total_items: 5,
      total_pages: 3,
      current_page: 0,
      page_size: 2,
      has_more: true,
    });
    const last = await list('?page_size=2&page=2');
    expect(names(last)).toEqual(['b.txt']);
    expect(last.body.pagination.has_more).toBe(false);
  });

  it('sorts, searches and filters by attributes', async () => {
    expect(names(await list('?sort_by=name&sort_order=asc'))).toEqual(['a.txt', 'b.txt', 'c.md', 'd.txt', 'e.txt']);
    expect(names(await list('?sort_by=size&sort_order=desc'))[0]).toBe('e.txt');
    expect(names(await list('?search=c.md'))).toEqual(['c.md']);
    const f = (x: unknown) =>
      list(`?sort_by=name&sort_order=asc&filters_attributes=${encodeURIComponent(JSON.stringify(x))}`);
    expect(names(await f({ team: 'core' }))).toEqual(['a.txt', 'd.txt']);
    expect(names(await f({ field: 'rank', op: 'gte', value: 3 }))).toEqual(['d.txt', 'e.txt']);
    expect(
      names(
        await f({
          or: [
            { field: 'rank', value: 0 },
            { field: 'team', op: 'eq', value: 'core' },
          ],
        }),
      ),
    ).toEqual(['a.txt', 'b.txt', 'd.txt']);
    const filtered = await list(`?page_size=1&filters_attributes=${encodeURIComponent('{"team":"web"}')}`);
    expect(filtered.body.pagination).toMatchObject({ total_items: 3, has_more: true });
  });

  it('answers 422 for bad paging, sorting and filters', async () => {
    for (const q of [
      '?page_size=0',
      '?page_size=101',
      '?page=-1',
      '?sort_by=colour',
      '?sort_order=up',
      '?filters_attributes=%7Bnope',
    ]) {
      const res = await list(q);
      expect(res.status, q).toBe(422);
      expect(res.body.detail[0].loc[0]).toBe('query');
    }
  });
});

describe('get, update, delete', () => {
  it('updates name and attributes by PATCH and PUT; attributes are replaced', async () => {
    const doc = (await upload('u.txt', 'update me')).body;
    const patched = await api('PATCH', `${docs()}/${doc.id}`, {
      json: { name: 'v.txt', attributes: { a: 1, tags: ['x', 'y'] } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'v.txt', attributes: { a: 1, tags: ['x', 'y'] } });
    const put = await api('PUT', `${docs()}/${doc.id}`, { json: { attributes: { b: true } } });
    expect(put.body).toMatchObject({ name: 'v.txt', attributes: { b: true } });
    const bad = await api('PATCH', `${docs()}/${doc.id}`, {
      json: { attributes: { nested: { no: 1 } }, expires_at: 'soon' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.detail.map((d: { loc: string[] }) => d.loc.join('.'))).toEqual([
      'body.attributes.nested',
      'body.expires_at',
    ]);
  });

  it('deletes with 204 and no body, then 404', async () => {
    const doc = (await upload('gone.txt', 'bye')).body;
    const del = await api('DELETE', `${docs()}/${doc.id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expect((await api('GET', `${docs()}/${doc.id}`)).body).toEqual({ detail: 'Document not found' });
    expect((await api('DELETE', `${docs()}/${doc.id}`)).status).toBe(404);
  });

  it('does not find a document through another library', async () => {
    const doc = (await upload('mine.txt', 'mine')).body;
    const other = (await api('POST', '/v1/libraries', { json: { name: 'Other' } })).body.id;
    expect((await api('GET', `/v1/libraries/${other}/documents/${doc.id}`)).status).toBe(404);
  });

  it('counts documents and bytes on the library', async () => {
    // A library of its own: the count is of what this test put in, whatever ran before.
    const own = (await api('POST', '/v1/libraries', { json: { name: 'Counted' } })).body.id;
    const big = new Uint8Array(5 * 1024 * 1024 + 1).fill(7);
    for (const [name, content] of [
      ['a.txt', 'alpha'],
      ['b.txt', 'bravo!'],
      ['c.bin', big],
      ['d.md', '# delta'],
    ] as const)
      expect((await api('POST', `/v1/libraries/${own}/documents`, { body: fileForm(name, content) })).status).toBe(201);
    const l = (await api('GET', `/v1/libraries/${own}`)).body;
    expect(l.nb_documents).toBe(4);
    expect(l.total_size).toBe(5 + 6 + big.length + 7);
  });
});
