import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, ConflictError, NotFoundError, UnsupportedError, UsageError } from '../../src/errors.js';
import { rawOf } from '../../src/model.js';
import { createMistralProvider } from '../../src/providers/mistral/index.js';
import type { FullProvider } from '../../src/providers/types.js';
import { KEY, library, startFakeMistral, type FakeMistral } from './fake-mistral.js';

let api: FakeMistral;
let provider: FullProvider;
let dir: string;

beforeEach(async () => {
  api = await startFakeMistral();
  provider = createMistralProvider({ baseUrl: api.url, apiKey: KEY, version: '9.9.9', retryBaseMs: 1 });
  dir = mkdtempSync(join(tmpdir(), 'lib-mistral-'));
});
afterEach(async () => {
  await provider.close();
  await api.close();
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: Error) => err,
  );
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('libraries', () => {
  it('maps the payload onto the uniform model and keeps the raw one', async () => {
    const created = await provider.createLibrary({ name: 'Team Docs', description: 'd', chunkSize: 1024 });
    expect(created).toEqual({
      id: expect.any(String),
      name: 'Team Docs',
      description: 'd',
      naturalId: null,
      type: null,
      ownerId: '11111111-1111-4111-8111-111111111111',
      shared: null,
      documents: 0,
      size: 0,
      createdAt: '2025-06-01T12:00:00.000Z',
      updatedAt: '2025-06-01T12:00:00.000Z',
      syncedAt: null,
      syncInterval: null,
      driver: null,
      permissions: null,
    });
    expect(rawOf(created)).toMatchObject({ nb_documents: 0, chunk_size: 1024, owner_type: 'User' });
    expect(JSON.parse(api.requests[0]!.body.toString())).toEqual({
      name: 'Team Docs',
      description: 'd',
      chunk_size: 1024,
    });
    expect(api.requests[0]!.headers['user-agent']).toBe(`lib/9.9.9 node/${process.version}`);
  });

  it('follows page tokens for --all and stops at the limit', async () => {
    for (let i = 0; i < 230; i++) api.libraries.push(library(`lib-${String(i).padStart(3, '0')}`));
    const all = await collect(provider.listLibraries({ all: true }));
    expect(all).toHaveLength(230);
    const urls = api.requests.map((r) => r.url);
    expect(urls).toEqual([
      '/v1/libraries?page_size=100',
      '/v1/libraries?page_size=100&page_token=100',
      '/v1/libraries?page_size=100&page_token=200',
    ]);
    expect(urls.join()).not.toMatch(/[?&]page=/);

    api.requests.length = 0;
    const some = await collect(provider.listLibraries({ limit: 5 }));
    expect(some.map((l) => l.name)).toEqual(['lib-000', 'lib-001', 'lib-002', 'lib-003', 'lib-004']);
    expect(api.requests.map((r) => r.url)).toEqual(['/v1/libraries?page_size=5']);
  });

  it('searches server-side and sorts client-side', async () => {
    api.libraries.push(library('beta', { nb_documents: 1 }), library('Alpha', { nb_documents: 3 }), library('gamma'));
    const found = await collect(provider.listLibraries({ search: 'ALPHA', limit: 10 }));
    expect(found.map((l) => l.name)).toEqual(['Alpha']);
    expect(api.requests[0]!.url).toBe('/v1/libraries?page_size=10&search=ALPHA');
    const sorted = await collect(provider.listLibraries({ sort: '-documents', limit: 2 }));
    expect(sorted.map((l) => l.name)).toEqual(['Alpha', 'beta']);
    await expect(collect(provider.listLibraries({ sort: 'colour' }))).rejects.toThrow(UsageError);
  });

  it('resolves by id, by exact name, and reports missing and ambiguous names', async () => {
    api.libraries.push(library('Docs'), library('Docs old'), library('Twin'), library('Twin'));
    const byName = await provider.resolveLibrary('Docs');
    expect(byName.name).toBe('Docs');
    expect((await provider.resolveLibrary(byName.id)).id).toBe(byName.id);

    const missing = await rejection(provider.resolveLibrary('Team Docs'));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toBe('library "Team Docs" not found (mistral, 404)');
    const missingId = await rejection(provider.resolveLibrary('00000000-0000-4000-8000-000000000000'));
    expect(missingId.message).toBe('library "00000000-0000-4000-8000-000000000000" not found (mistral, 404)');

    const twin = await rejection(provider.resolveLibrary('Twin'));
    expect(twin).toBeInstanceOf(UsageError);
    expect(twin.message).toContain('ambiguous');
    expect(twin.message).toContain(api.libraries[2]!.id as string); // the candidates, listed as on every provider
  });

  it('updates with PATCH and deletes', async () => {
    const lib = await provider.createLibrary({ name: 'a' });
    const updated = await provider.updateLibrary(lib.id, { name: 'b', description: 'new' });
    expect(updated.name).toBe('b');
    const patch = api.requests.at(-1)!;
    expect(patch.method).toBe('PATCH');
    expect(JSON.parse(patch.body.toString())).toEqual({ name: 'b', description: 'new' });
    await provider.deleteLibrary(lib.id);
    expect(api.libraries).toHaveLength(0);
  });

  it('refuses what Mistral lacks before any request', async () => {
    await expect(provider.createLibrary({ name: 'x', type: 'web' })).rejects.toThrow(UnsupportedError);
    await expect(provider.updateLibrary('x', { syncInterval: 5 })).rejects.toThrow(UnsupportedError);
    expect(api.requests).toHaveLength(0);
  });
});

describe('documents', () => {
  let libraryId: string;
  beforeEach(async () => {
    libraryId = (await provider.createLibrary({ name: 'L' })).id;
    api.requests.length = 0;
  });

  it('reports created on 201 and unchanged on 200 (same content)', async () => {
    const first = await provider.uploadFile(libraryId, { filePath: file('a.md', '# A'), name: 'a.md' });
    expect(first.outcome).toBe('created');
    expect(first.file).toMatchObject({
      libraryId,
      name: 'a.md',
      path: null,
      labels: [],
      publicUrl: null,
      mimeType: 'text/markdown',
      size: 3,
      status: 'pending',
      providerStatus: 'todo',
      attributes: {},
      pages: null,
      updatedAt: null,
      error: null,
    });
    const again = await provider.uploadFile(libraryId, { filePath: file('copy.md', '# A'), name: 'copy.md' });
    expect(again.outcome).toBe('unchanged');
    expect(again.file.id).toBe(first.file.id);
    expect(api.docs).toHaveLength(1);
  });

  it('retries an upload after a 503 without duplicating', async () => {
    api.failNext('POST', `/v1/libraries/${libraryId}/documents`, 503, { message: 'busy' });
    const res = await provider.uploadFile(libraryId, { filePath: file('b.txt', 'bee'), name: 'b.txt' });
    expect(res.outcome).toBe('created');
    expect(api.docs).toHaveLength(1);
    expect(api.docs[0]!.mime_type).toBe('text/plain');
  });

  it('sets attributes after upload, and replaces namesakes with overwrite', async () => {
    const first = await provider.uploadFile(libraryId, { filePath: file('n.txt', 'v1'), name: 'n.txt' });
    const second = await provider.uploadFile(libraryId, {
      filePath: file('n2.txt', 'v2'),
      name: 'n.txt',
      attributes: { team: 'x' },
      overwrite: true,
    });
    expect(second.outcome).toBe('replaced');
    expect(second.file.attributes).toEqual({ team: 'x' });
    expect(api.docs.map((d) => d.id)).toEqual([second.file.id]);
    expect(api.docs[0]!.id).not.toBe(first.file.id);
  });

  it('rejects labels, paths and public URLs before any request', async () => {
    const path = file('x.txt', 'x');
    for (const extra of [{ labels: ['a'] }, { path: '/docs' }, { publicUrl: 'https://x' }]) {
      await expect(provider.uploadFile(libraryId, { filePath: path, name: 'x.txt', ...extra })).rejects.toThrow(
        UnsupportedError,
      );
    }
    await expect(collect(provider.listFiles(libraryId, { label: 'a' }))).rejects.toThrow(UnsupportedError);
    await expect(provider.updateFile(libraryId, 'f', { addLabels: ['a'] })).rejects.toThrow(UnsupportedError);
    expect(api.requests).toHaveLength(0);
  });

  it('pages by 0-based page numbers, sorts server-side and filters name and status here', async () => {
    for (let i = 0; i < 150; i++) {
      await provider.uploadFile(libraryId, { filePath: file(`f${i}.txt`, `content ${i}`), name: `f${i}.txt` });
    }
    api.docs[3]!.process_status = 'done';
    api.requests.length = 0;
    const all = await collect(provider.listFiles(libraryId, { all: true, sort: 'createdAt' }));
    expect(all).toHaveLength(150);
    expect(all[0]!.name).toBe('f0.txt');
    expect(api.requests.map((r) => r.url)).toEqual([
      `/v1/libraries/${libraryId}/documents?sort_by=created_at&sort_order=asc&page=0&page_size=100`,
      `/v1/libraries/${libraryId}/documents?sort_by=created_at&sort_order=asc&page=1&page_size=100`,
    ]);

    const ready = await collect(provider.listFiles(libraryId, { all: true, status: 'ready' }));
    expect(ready.map((f) => f.name)).toEqual(['f3.txt']);

    api.requests.length = 0;
    const named = await collect(provider.listFiles(libraryId, { name: 'f1.txt', all: true }));
    expect(named.map((f) => f.name)).toEqual(['f1.txt']);
    expect(api.requests[0]!.url).toContain('search=f1.txt');

    api.requests.length = 0;
    expect(await collect(provider.listFiles(libraryId, { limit: 3 }))).toHaveLength(3);
    expect(api.requests).toHaveLength(1);
  });

  it('resolves, updates (merging attributes), reads and deletes a document', async () => {
    const { file: doc } = await provider.uploadFile(libraryId, {
      filePath: file('r.md', 'hello'),
      name: 'r.md',
      attributes: { a: 1 },
    });
    expect((await provider.resolveFile(libraryId, 'r.md')).id).toBe(doc.id);
    expect((await provider.resolveFile(libraryId, doc.id)).name).toBe('r.md');
    await expect(provider.resolveFile(libraryId, 'nope.md')).rejects.toThrow(
      'document "nope.md" not found (mistral, 404)',
    );

    const updated = await provider.updateFile(libraryId, doc.id, { name: 'renamed.md', attributes: { b: 2 } });
    expect(updated).toMatchObject({ name: 'renamed.md', attributes: { a: 1, b: 2 } });
    expect(api.requests.at(-1)!.method).toBe('PATCH');

    expect(await provider.fileText(libraryId, doc.id, {})).toBe('hello[-]');
    expect(await provider.fileText(libraryId, doc.id, { fromPage: 2, toPage: 3 })).toBe('hello[2-3]');

    api.docs[0]!.process_status = 'in_progress';
    api.requests.length = 0;
    const status = await provider.fileStatus(libraryId, doc.id);
    expect(status).toEqual({
      id: doc.id,
      libraryId,
      name: 'renamed.md',
      status: 'processing',
      providerStatus: 'in_progress',
      error: null,
      textNote: null,
    });
    // The name was known: one request per poll.
    expect(api.requests.map((r) => r.url)).toEqual([`/v1/libraries/${libraryId}/documents/${doc.id}/status`]);

    await provider.deleteFile(libraryId, doc.id);
    expect(api.docs).toHaveLength(0);
    const gone = await rejection(provider.resolveFile(libraryId, doc.id));
    expect(gone).toBeInstanceOf(NotFoundError);
    expect(gone.message).toBe(`document "${doc.id}" not found (mistral, 404)`);
  });

  it('gives signed URLs and downloads through them without the key', async () => {
    const { file: doc } = await provider.uploadFile(libraryId, { filePath: file('d.pdf', '%PDF-1'), name: 'd.pdf' });
    const url = await provider.fileUrl!(libraryId, doc.id, {});
    expect(url).toBe(`${api.url}/signed/${doc.id}?sig=ok`);
    expect(await provider.fileUrl!(libraryId, doc.id, { extracted: true })).toContain(`${doc.id}.txt`);
    const download = await provider.downloadFile(libraryId, doc.id);
    const chunks: Buffer[] = [];
    for await (const chunk of download.body) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).toString()).toBe('%PDF-1');
    expect(download.file.mimeType).toBe('application/pdf');
    const signedHit = api.requests.find((r) => r.url.startsWith('/signed/'))!;
    expect(signedHit.headers.authorization).toBeUndefined();
  });

  it('reprocesses with one POST', async () => {
    const { file: doc } = await provider.uploadFile(libraryId, { filePath: file('p.txt', 'p'), name: 'p.txt' });
    api.requests.length = 0;
    await provider.reprocessFile!(libraryId, doc.id);
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST /v1/libraries/${libraryId}/documents/${doc.id}/reprocess`,
    ]);
  });
});

describe('shares', () => {
  let libraryId: string;
  beforeEach(async () => {
    libraryId = (await provider.createLibrary({ name: 'S' })).id;
  });

  it('maps entities and roles', async () => {
    const shares = await provider.listShares!(libraryId);
    expect(shares).toEqual([
      { libraryId, principalType: 'user', principalId: 'u-owner', level: 'owner' },
      { libraryId, principalType: 'workspace', principalId: 'w-1', level: 'viewer' },
      { libraryId, principalType: 'org', principalId: 'o1', level: 'editor' },
    ]);
  });

  it('puts with level and deletes without level or org_id', async () => {
    const share = await provider.putShare!(libraryId, { type: 'workspace', id: 'w-9' }, 'editor');
    expect(share).toEqual({ libraryId, principalType: 'workspace', principalId: 'w-9', level: 'editor' });
    await provider.deleteShare!(libraryId, { type: 'org', id: 'o-2' });
    expect(api.shareBodies).toEqual([
      { level: 'Editor', share_with_uuid: 'w-9', share_with_type: 'Workspace' },
      { share_with_uuid: 'o-2', share_with_type: 'Org' },
    ]);
    const del = api.requests.at(-1)!;
    expect(del.method).toBe('DELETE');
    expect(del.headers['content-type']).toBe('application/json');
  });
});

describe('errors', () => {
  it('maps 401 to AuthError with a hint and never shows the key', async () => {
    const wrong = createMistralProvider({ baseUrl: api.url, apiKey: 'sk-wrong-key-999999' });
    const err = await rejection(wrong.resolveLibrary('x'));
    await wrong.close();
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toBe('not authenticated (mistral, 401)');
    expect((err as AuthError).hint).toContain('MISTRAL_API_KEY');
    expect((err as AuthError).exitCode).toBe(4);
    expect(`${err.message} ${(err as AuthError).hint}`).not.toContain('sk-wrong');
  });

  it('maps 403, 409 and 422 with the detail', async () => {
    const lib = await provider.createLibrary({ name: 'E' });
    api.failNext('PUT', `/v1/libraries/${lib.id}/share`, 403, { detail: 'Only owners can share' });
    const forbidden = await rejection(provider.putShare!(lib.id, { type: 'user', id: 'u' }, 'viewer'));
    expect(forbidden).toBeInstanceOf(AuthError);
    expect(forbidden.message).toBe('not allowed: Only owners can share (mistral, 403)');

    api.failNext('DELETE', `/v1/libraries/${lib.id}`, 409, { detail: 'Library is busy' });
    const conflict = await rejection(provider.deleteLibrary(lib.id));
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict.message).toBe(`library "${lib.id}": Library is busy (mistral, 409)`);

    api.failNext('POST', '/v1/libraries', 422, {
      detail: [{ loc: ['body', 'chunk_size'], msg: 'Input should be greater than or equal to 256', type: 'x' }],
    });
    const invalid = await rejection(provider.createLibrary({ name: 'x', chunkSize: 1 }));
    expect(invalid).toBeInstanceOf(UsageError);
    expect(invalid.message).toBe(
      'invalid request for library "x": body.chunk_size: Input should be greater than or equal to 256 (mistral, 422)',
    );
  });

  it('refuses a plain-http remote base URL', () => {
    expect(() => createMistralProvider({ baseUrl: 'http://api.mistral.ai', apiKey: KEY })).toThrow(
      'refusing to send the API key over plain http to api.mistral.ai; use https',
    );
  });
});
