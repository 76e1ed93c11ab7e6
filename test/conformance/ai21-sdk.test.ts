/**
 * Conformance: AI21's official TypeScript SDK (npm `ai21`) performs every
 * library-files operation it has (create, list with offset/limit, get,
 * update, delete) against `lib serve`, with its own HTTP stack (node-fetch,
 * form-data), and every answer parses. Then the request shapes of AI21's own
 * docs (seeds 001 and 003), which the SDK does not send: a GET carrying its
 * filters and `Pagination` as a JSON body, and `labels` as a JSON string (the
 * docs' Node sample, with form-data and node-fetch as it imports them), as
 * repeated fields (Python's requests with a list) and comma-separated.
 * Nobody on this team wrote these clients.
 */
import http from 'node:http';
import { AI21, AI21Error } from 'ai21';
import FormData from 'form-data';
import fetch from 'node-fetch';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accountLibraryId } from '../../src/server/ai21/library.js';
import { startTestServer, type TestServer } from '../server/helpers.js';

let t: TestServer;
let alice: AI21;
let base: string;

/** A server of its own for a test (or a describe), so no test finds what another made. */
async function serve(): Promise<void> {
  t = await startTestServer({ processingMs: 0 });
  base = `${t.url}/studio/v1`;
  alice = new AI21({ apiKey: t.alice.token, baseURL: base, maxRetries: 0 });
}

const file = (name: string, text: string) => new File([text], name, { type: 'text/plain' });

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AI21Error) return (err as Error).message;
    throw err;
  }
  throw new Error('expected the SDK to throw');
}

describe("AI21's official SDK against lib serve", () => {
  beforeEach(serve);
  afterEach(() => t.close());

  it('creates, lists (offset, limit), gets, updates and deletes files; every answer parses', async () => {
    const made = await alice.files.create({
      file: file('koala.txt', 'Koalas sleep 20 hours a day.'),
      path: 'desktop/folder',
      labels: ['cuties', 'furry_animals'],
      publicUrl: 'https://en.wikipedia.org/wiki/Koala',
    });
    expect(made.fileId).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.id).toBe(made.fileId); // the SDK's type names both

    const got = await alice.files.get(made.fileId);
    expect(got).toMatchObject({
      fileId: made.fileId,
      name: 'koala.txt',
      path: 'desktop/folder',
      fileType: 'text/plain',
      sizeBytes: 28,
      labels: ['cuties', 'furry_animals'],
      publicUrl: 'https://en.wikipedia.org/wiki/Koala',
      createdBy: t.alice.userId,
      status: 'PROCESSED',
      errorCode: null,
      errorMessage: null,
    });
    expect(Number.isNaN(Date.parse(String(got.creationDate)))).toBe(false);
    expect(Number.isNaN(Date.parse(String(got.lastUpdated)))).toBe(false);

    for (let i = 0; i < 4; i++) await alice.files.create({ file: file(`n${i}.md`, `# note ${i}`) });
    const all = await alice.files.list();
    expect(all.map((f: { name: string }) => f.name)).toEqual(['koala.txt', 'n0.md', 'n1.md', 'n2.md', 'n3.md']);
    const page = await alice.files.list({ offset: 1, limit: 2 });
    expect(page.map((f: { name: string }) => f.name)).toEqual(['n0.md', 'n1.md']);
    expect(await alice.files.list({ offset: 5, limit: 2 })).toEqual([]);

    // Update replaces labels and the public URL; the answer is 200 with no body (null to the SDK).
    expect(
      await alice.files.update({ fileId: made.fileId, labels: ['Label A'], publicUrl: 'www.updated-url.com' }),
    ).toBe(null);
    expect(await alice.files.get(made.fileId)).toMatchObject({ labels: ['Label A'], publicUrl: 'www.updated-url.com' });
    // What the Python SDK sends for an update of the labels alone: the URL as null, which leaves it.
    const put = await fetch(`${base}/library/files/${made.fileId}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${t.alice.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ publicUrl: null, labels: ['Label A', 'Label B'] }),
    });
    expect({ status: put.status, body: await put.text() }).toEqual({ status: 200, body: '' });
    expect(await alice.files.get(made.fileId)).toMatchObject({
      labels: ['Label A', 'Label B'],
      publicUrl: 'www.updated-url.com',
    });

    expect(await alice.files.delete(made.fileId)).toBe(null);
    expect((await alice.files.list()).map((f: { name: string }) => f.name)).toEqual([
      'n0.md',
      'n1.md',
      'n2.md',
      'n3.md',
    ]);
  });

  it("answers AI21's 422s: unknown id, the same name at the same path, an unsupported type", async () => {
    expect(await failure(alice.files.get('8c5e33f9-1f3a-4d0e-9c43-4d8fbc0d1f00'))).toMatch(
      /status 422\. \{"detail":"File 8c5e33f9-1f3a-4d0e-9c43-4d8fbc0d1f00 not found"\}/,
    );
    await alice.files.create({ file: file('twice.txt', 'one'), path: 'p' });
    const twice = await failure(alice.files.create({ file: file('twice.txt', 'two'), path: 'p' }));
    expect(twice).toContain('status 422');
    expect(JSON.parse(twice.slice(twice.indexOf('{')))).toEqual({
      detail: 'File: twice.txt already exists',
      suggestion: 'To override the file content, delete it first using the DELETE endpoint',
    });
    // The same name in another path is another file.
    expect((await alice.files.create({ file: file('twice.txt', 'three'), path: 'q' })).fileId).toBeTruthy();
    expect(await failure(alice.files.create({ file: new File(['x'], 'cat.png', { type: 'image/png' }) }))).toMatch(
      /status 422\. \{"detail":"Invalid file type: image\/png\. Supported file types are: /,
    );
    const wrong = new AI21({ apiKey: 'not-a-key', baseURL: base, maxRetries: 0 });
    expect(await failure(wrong.files.list())).toMatch(/status 401/);
  });
});

/** A GET with a JSON body, as Python's requests sends one (fetch refuses a body on GET). */
function getWithBody(url: string, token: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'GET',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        },
      },
      (res) => {
        let out = '';
        res.on('data', (c: Buffer) => (out += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(out) }));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

describe('the account library', () => {
  it('is made once when first uploads race', async () => {
    const fresh = await startTestServer();
    try {
      const sdk = new AI21({ apiKey: fresh.alice.token, baseURL: `${fresh.url}/studio/v1`, maxRetries: 0 });
      expect(await sdk.files.list()).toEqual([]); // looking makes nothing
      await Promise.all(Array.from({ length: 8 }, (_, i) => sdk.files.create({ file: file(`r${i}.txt`, `${i}`) })));
      const res = await fetch(`${fresh.url}/v1/libraries`, {
        headers: { Authorization: `Bearer ${fresh.alice.token}` },
      });
      const libs = (await res.json()) as { data: { id: string; nb_documents: number }[] };
      expect(libs.data).toEqual([
        expect.objectContaining({ id: accountLibraryId(fresh.alice.userId), nb_documents: 8 }),
      ]);
    } finally {
      await fresh.close();
    }
  });
});

describe("the request shapes of AI21's docs", () => {
  let bob: TestServer['bob'];
  // The three uploads the filters and the count below look at, made before any test of these.
  let uploaded: { status: number; body: { fileId: string } }[] = [];
  beforeAll(async () => {
    await serve();
    bob = t.bob;
    const asJson = new FormData();
    asJson.append('file', Buffer.from('Koalas.'), { filename: 'koala.txt', contentType: 'text/plain' });
    asJson.append('path', 'desktop/folder');
    asJson.append('labels', JSON.stringify(['cuties', 'furry_animals']));
    asJson.append('publicUrl', 'https://en.wikipedia.org/wiki/Koala');
    const repeated = new FormData();
    repeated.append('labels', 'cuties');
    repeated.append('labels', 'furry_animals');
    repeated.append('file', Buffer.from('Wombats.'), { filename: 'wombat.txt', contentType: 'text/plain' });
    const commas = new FormData();
    commas.append('file', Buffer.from('Quokkas.'), { filename: 'quokka.txt', contentType: 'text/plain' });
    commas.append('labels', 'cuties, furry_animals,smiling');
    uploaded = [];
    for (const form of [asJson, repeated, commas]) uploaded.push(await upload(form));
  });
  afterAll(() => t.close());

  async function upload(form: FormData): Promise<{ status: number; body: { fileId: string } }> {
    const res = await fetch(`${base}/library/files`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${bob.token}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as { fileId: string } };
  }
  const labelsOf = async (id: string) =>
    (
      (await (
        await fetch(`${base}/library/files/${id}`, { headers: { Authorization: `Bearer ${bob.token}` } })
      ).json()) as { labels: string[] }
    ).labels;

  it('takes labels as a JSON string (the Node sample), as repeated fields and comma-separated', async () => {
    const [a, b, c] = uploaded;
    expect(a!.status).toBe(200);
    expect(await labelsOf(a!.body.fileId)).toEqual(['cuties', 'furry_animals']);
    expect(b!.status).toBe(200);
    expect(await labelsOf(b!.body.fileId)).toEqual(['cuties', 'furry_animals']);
    expect(c!.status).toBe(200);
    expect(await labelsOf(c!.body.fileId)).toEqual(['cuties', 'furry_animals', 'smiling']);
  });

  it('filters a GET by its JSON body (name, path prefix, status, labels, Pagination), as seed 001 sends them', async () => {
    const url = `${base}/library/files`;
    const names = async (body: unknown) => {
      const res = await getWithBody(url, bob.token, body);
      expect(res.status).toBe(200);
      return (res.json as { name: string }[]).map((f: { name: string }) => f.name);
    };
    expect(await names({ path: 'desktop/' })).toEqual(['koala.txt']);
    expect(await names({ path: 'desk' })).toEqual(['koala.txt']); // a literal prefix
    expect(await names({ label: ['cuties'] })).toEqual(['koala.txt', 'wombat.txt', 'quokka.txt']);
    expect(await names({ label: ['cuties', 'smiling'] })).toEqual(['quokka.txt']); // all must match
    expect(await names({ name: 'wombat.txt', status: 'PROCESSED' })).toEqual(['wombat.txt']);
    expect(await names({ name: 'bat.txt' })).toEqual([]); // exact, not a substring
    expect(await names({ status: 'UPLOADED' })).toEqual([]);
    expect(await names({ Pagination: { offset: 1, limit: 1 } })).toEqual(['wombat.txt']);
    expect(await names({ label: ['cuties'], Pagination: { offset: 2, limit: 5 } })).toEqual(['quokka.txt']);
    // The docs' placeholder types, wrong: a 422 in FastAPI's words.
    const bad = await getWithBody(url, bob.token, { status: 'DONE', Pagination: { offset: 0, limit: 1001 } });
    expect(bad.status).toBe(422);
    expect((bad.json as { detail: { loc: string[] }[] }).detail.map((d) => d.loc.join('.'))).toEqual([
      'body.Pagination.limit',
      'query.status',
    ]);
  });

  it("keeps each principal's account library apart, as one library of the store", async () => {
    // The store's view, through the mistral dialect: bob's account library, his alone.
    const res = await fetch(`${t.url}/v1/libraries/${accountLibraryId(bob.userId)}`, {
      headers: { Authorization: `Bearer ${bob.token}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'AI21 library', nb_documents: 3 });
    const alices = await fetch(`${t.url}/v1/libraries/${accountLibraryId(bob.userId)}`, {
      headers: { Authorization: `Bearer ${t.alice.token}` },
    });
    expect(alices.status).toBe(404);
  });
});
