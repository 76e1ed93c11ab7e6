/**
 * Conformance: Mistral's official TypeScript SDK drives all 20 operations of
 * the Libraries API against `lib serve`. The SDK validates every response
 * with its zod schemas (required fields, nullability, dates, status codes
 * per operation) and throws on any mismatch, so a passing call is a response
 * a real Mistral client accepts. Nobody on this team wrote the SDK, so the
 * server and our own provider cannot share one misunderstanding here.
 */
// The SDK's libraries client alone, as Mistral builds it: the whole SDK's import (every
// API's schemas) costs a second of CPU that this file would spend on nothing it calls.
import { Libraries } from '@mistralai/mistralai/sdk/libraries.js';
import { HTTPValidationError, MistralError } from '@mistralai/mistralai/models/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/helpers.js';

let t: TestServer;
let alice: Libraries;
let bob: Libraries;
/** The operations exercised, by the spec's operationId. */
const covered = new Set<string>();
const op = <T>(id: string, p: Promise<T>): Promise<T> => {
  covered.add(id);
  return p;
};

beforeAll(async () => {
  t = await startTestServer({ processingMs: 150 });
  alice = new Libraries({ apiKey: t.alice.token, serverURL: t.url });
  bob = new Libraries({ apiKey: t.bob.token, serverURL: t.url });
});
afterAll(async () => {
  await t.close();
});

async function failure(p: Promise<unknown>): Promise<MistralError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof MistralError) return err;
    throw err;
  }
  throw new Error('expected the SDK to throw');
}

const text = (s: string) => new TextEncoder().encode(s);

describe('the official SDK against lib serve', () => {
  it('performs all 20 operations, and every response parses', async () => {
    const libs = alice;
    const docs = libs.documents;

    // Libraries: create, get, update (PATCH and the deprecated PUT), list with page tokens.
    const lib = await op(
      'libraries_create_v1',
      libs.create({ name: 'SDK Library', description: 'made by the SDK', chunkSize: 2048 }),
    );
    expect(lib.createdAt).toBeInstanceOf(Date);
    expect(lib).toMatchObject({ name: 'SDK Library', ownerId: t.alice.userId, nbDocuments: 0, chunkSize: 2048 });
    expect(await op('libraries_get_v1', libs.get({ libraryId: lib.id }))).toMatchObject({ id: lib.id });
    const patched = await op(
      'libraries_patch_v1',
      libs.update({ libraryId: lib.id, updateLibraryRequest: { name: 'SDK Lib' } }),
    );
    expect(patched.name).toBe('SDK Lib');
    const put = await op(
      'libraries_update_v1',
      libs.librariesUpdateV1({ libraryId: lib.id, updateLibraryRequest: { description: 'put' } }),
    );
    expect(put).toMatchObject({ name: 'SDK Lib', description: 'put' });

    for (let i = 0; i < 4; i++) await libs.create({ name: `Extra ${i}` });
    const ids: string[] = [];
    let pageToken: string | null | undefined;
    let pages = 0;
    do {
      const page = await op('libraries_list_v1', libs.list({ pageSize: 2, pageToken }));
      ids.push(...page.data.map((l) => l.id));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(5);
    expect(ids).toContain(lib.id);
    const first = await libs.list({ pageSize: 2, page: 0 }); // the deprecated offset page fills pagination
    expect(first.pagination).toMatchObject({ totalItems: 5, totalPages: 3, currentPage: 0, hasMore: true });

    // Documents: upload, then the same bytes again (Mistral's dedupe: the same document back).
    const upload = (fileName: string, content: Uint8Array) =>
      op(
        'libraries_documents_upload_v1',
        docs.upload({ libraryId: lib.id, requestBody: { file: { fileName, content } } }),
      );
    const doc = await upload('guide.md', text('# Guide\n\nRead me first.'));
    expect(doc).toMatchObject({
      name: 'guide.md',
      libraryId: lib.id,
      extension: 'md',
      mimeType: 'text/markdown',
      processStatus: 'todo',
    });
    expect(doc.createdAt).toBeInstanceOf(Date);
    const again = await upload('guide-copy.md', text('# Guide\n\nRead me first.'));
    expect(again.id).toBe(doc.id);
    const blob = await docs.upload({
      libraryId: lib.id,
      requestBody: { file: new File([text('plain')], 'blob.txt', { type: 'text/plain' }) },
    });
    expect(blob.name).toBe('blob.txt');

    const listed = await op(
      'libraries_documents_list_v1',
      docs.list({ libraryId: lib.id, pageSize: 1, sortBy: 'name', sortOrder: 'asc' }),
    );
    expect(listed.pagination).toMatchObject({
      totalItems: 2,
      totalPages: 2,
      currentPage: 0,
      pageSize: 1,
      hasMore: true,
    });
    expect(listed.data.map((d) => d.name)).toEqual(['blob.txt']);
    const searched = await docs.list({ libraryId: lib.id, search: 'guide' });
    expect(searched.data.map((d) => d.id)).toEqual([doc.id]);

    expect(await op('libraries_documents_get_v1', docs.get({ libraryId: lib.id, documentId: doc.id }))).toMatchObject({
      id: doc.id,
    });
    const withAttrs = await op(
      'libraries_documents_patch_v1',
      docs.update({
        libraryId: lib.id,
        documentId: doc.id,
        updateDocumentRequest: { attributes: { team: 'core', year: 2025 } },
      }),
    );
    expect(withAttrs.attributes).toEqual({ team: 'core', year: 2025 });
    const filtered = await docs.list({ libraryId: lib.id, filtersAttributes: JSON.stringify({ team: 'core' }) });
    expect(filtered.data.map((d) => d.id)).toEqual([doc.id]);
    const renamed = await op(
      'libraries_documents_update_v1',
      docs.librariesDocumentsUpdateV1({
        libraryId: lib.id,
        documentId: doc.id,
        updateDocumentRequest: { name: 'handbook.md' },
      }),
    );
    expect(renamed.name).toBe('handbook.md');

    // Content and processing.
    const content = await op(
      'libraries_documents_get_text_content_v1',
      docs.textContent({ libraryId: lib.id, documentId: doc.id }),
    );
    expect(content.text).toBe('# Guide\n\nRead me first.');
    const status = await op(
      'libraries_documents_get_status_v1',
      docs.status({ libraryId: lib.id, documentId: doc.id }),
    );
    expect(status).toMatchObject({
      documentId: doc.id,
      processStatus: expect.stringMatching(/^(todo|in_progress|done)$/),
    });
    for (
      let s = status.processStatus;
      s !== 'done';
      s = (await docs.status({ libraryId: lib.id, documentId: doc.id })).processStatus
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await docs.get({ libraryId: lib.id, documentId: doc.id })).lastProcessedAt).toBeInstanceOf(Date);

    const url = await op(
      'libraries_documents_get_signed_url_v1',
      docs.getSignedUrl({ libraryId: lib.id, documentId: doc.id }),
    );
    expect(await (await fetch(url)).text()).toBe('# Guide\n\nRead me first.');
    const textUrl = await op(
      'libraries_documents_get_extracted_text_signed_url_v1',
      docs.extractedTextSignedUrl({ libraryId: lib.id, documentId: doc.id }),
    );
    expect(await (await fetch(textUrl)).text()).toBe('# Guide\n\nRead me first.');
    await op('libraries_documents_reprocess_v1', docs.reprocess({ libraryId: lib.id, documentId: doc.id }));
    expect((await docs.status({ libraryId: lib.id, documentId: doc.id })).processStatus).toBe('todo');

    // Sharing between two principals.
    expect((await failure(bob.get({ libraryId: lib.id }))).statusCode).toBe(404);
    const owners = await op('libraries_share_list_v1', libs.accesses.list({ libraryId: lib.id }));
    expect(owners.data).toEqual([
      expect.objectContaining({
        role: 'Owner',
        shareWithType: 'User',
        shareWithUuid: t.alice.userId,
        orgId: t.server.orgId,
      }),
    ]);
    const shareWithBob = (level: 'Viewer' | 'Editor') =>
      op(
        'libraries_share_create_v1',
        libs.accesses.updateOrCreate({
          libraryId: lib.id,
          sharingRequest: { level, shareWithUuid: t.bob.userId, shareWithType: 'User' },
        }),
      );
    expect(await shareWithBob('Viewer')).toMatchObject({
      role: 'Viewer',
      shareWithUuid: t.bob.userId,
      libraryId: lib.id,
    });
    expect((await bob.get({ libraryId: lib.id })).id).toBe(lib.id);
    expect((await bob.list()).data.map((l) => l.id)).toEqual([lib.id]);
    const denied = await failure(
      bob.documents.upload({
        libraryId: lib.id,
        requestBody: { file: { fileName: 'b.txt', content: text('bob') } },
      }),
    );
    expect(denied.statusCode).toBe(403);
    await shareWithBob('Editor');
    const bobs = await bob.documents.upload({
      libraryId: lib.id,
      requestBody: { file: { fileName: 'b.txt', content: text('bob') } },
    });
    expect(bobs.uploadedById).toBe(t.bob.userId);
    expect((await failure(bob.delete({ libraryId: lib.id }))).statusCode).toBe(403);
    const ownRole = await failure(
      libs.accesses.updateOrCreate({
        libraryId: lib.id,
        sharingRequest: { level: 'Viewer', shareWithUuid: t.alice.userId, shareWithType: 'User' },
      }),
    );
    expect(ownRole.statusCode).toBe(403);
    const removed = await op(
      'libraries_share_delete_v1',
      libs.accesses.delete({
        libraryId: lib.id,
        sharingDelete: { shareWithUuid: t.bob.userId, shareWithType: 'User' },
      }),
    );
    expect(removed).toMatchObject({ role: 'Editor', shareWithUuid: t.bob.userId });
    expect((await failure(bob.get({ libraryId: lib.id }))).statusCode).toBe(404);

    // Deletes: the document (204, no body), then the library (200 with the library).
    await op('libraries_documents_delete_v1', docs.delete({ libraryId: lib.id, documentId: bobs.id }));
    expect((await failure(docs.get({ libraryId: lib.id, documentId: bobs.id }))).statusCode).toBe(404);
    const deleted = await op('libraries_delete_v1', libs.delete({ libraryId: lib.id }));
    expect(deleted).toMatchObject({ id: lib.id, nbDocuments: 2 });
    expect((await failure(libs.get({ libraryId: lib.id }))).statusCode).toBe(404);

    expect([...covered].sort()).toHaveLength(20);
  });

  it('throws with status 401 for a wrong key', async () => {
    const stranger = new Libraries({ apiKey: 'not-a-key', serverURL: t.url });
    const err = await failure(stranger.list());
    expect(err.statusCode).toBe(401);
    expect(JSON.parse(err.body)).toEqual({ detail: 'Unauthorized' });
  });

  it("parses a 422 into the SDK's HTTPValidationError", async () => {
    const err = await failure(alice.get({ libraryId: 'not-a-uuid' }));
    expect(err).toBeInstanceOf(HTTPValidationError);
    expect((err as HTTPValidationError).detail?.[0]).toMatchObject({
      loc: ['path', 'library_id'],
      type: 'uuid_parsing',
    });
    const size = await failure(alice.list({ pageSize: 500 }));
    expect((size as HTTPValidationError).detail?.[0]?.loc).toEqual(['query', 'page_size']);
  });

  it("survives injected faults with the SDK's own retries, and a retried create makes one library", async () => {
    // Every call meets a 429, then a 503, then gets through (one draw per request).
    const draws = [0.1, 0.4, 0.9];
    let n = 0;
    const s = await startTestServer({ faults: { '429': 0.3, '503': 0.2 }, random: () => draws[n++ % draws.length]! });
    try {
      const sdk = new Libraries({
        apiKey: s.alice.token,
        serverURL: s.url,
        retryConfig: {
          strategy: 'backoff',
          backoff: { initialInterval: 1, maxInterval: 5, exponent: 1.1, maxElapsedTime: 10_000 },
          retryConnectionErrors: true,
        },
      });
      const lib = await sdk.create({ name: 'Flaky' });
      expect((await sdk.get({ libraryId: lib.id })).id).toBe(lib.id);
      expect((await sdk.list()).data.map((l) => l.id)).toEqual([lib.id]);
      expect(n).toBe(9);
    } finally {
      await s.close();
    }
  });
});
