/** Documents: upload, list, resolve, update, delete under /v1/libraries/{id}/documents. */
import { orNothing, resolveRef } from '../shared/resolve.js';
import { mergeAttributes } from '../../labels.js';
import { nfc } from '../../model.js';
import { checked } from '../shared/shape.js';
import { NotFoundError, UnsupportedError } from '../../errors.js';
import { fileForm } from '../../http/index.js';
import type { FileDoc } from '../../model.js';
import type { FileListOptions, FileUpdateInput, UploadInput, UploadOutcome, UploadResult } from '../types.js';
import { docPath, libPath, type Ctx } from './context.js';
import { call, deleteCall } from './errors.js';
import { capOf, parseSort, UUID } from './lists.js';
import { toFile } from './map.js';
import type { DocumentPayload, ListDocumentsResponse } from './payloads.js';

/** Model sort fields onto Mistral's sort_by; the server sorts, so a limited list can stop early. */
const SORT_BY = { createdAt: 'created_at', name: 'name', size: 'size', updatedAt: 'last_processed_at' } as const;
const SORT_FIELDS = Object.keys(SORT_BY) as (keyof typeof SORT_BY)[];

function unsupported(what: string): never {
  throw new UnsupportedError(`the mistral provider does not support ${what}`);
}

/** Remember a document's name so fileStatus need not fetch it again. */
function remember(ctx: Ctx, file: FileDoc): FileDoc {
  ctx.names.set(file.id, file.name);
  return file;
}

export async function getDocument(ctx: Ctx, libraryId: string, documentId: string): Promise<FileDoc> {
  const payload = await call(`document "${documentId}"`, () =>
    ctx.http.getJson<DocumentPayload>(docPath(libraryId, documentId)),
  );
  return remember(ctx, toFile(payload));
}

export function documentOps(ctx: Ctx) {
  async function patchDocument(libraryId: string, documentId: string, body: object): Promise<FileDoc> {
    // PATCH sets fields to the given values; repeating it is harmless, so it is retried like PUT.
    const res = await call(
      `document "${documentId}"`,
      () => ctx.http.sendJson<DocumentPayload>('PATCH', docPath(libraryId, documentId), body, { retryable: true }),
      'write',
    );
    return remember(ctx, toFile(res.body));
  }

  /** Page through documents (0-based `page`, page_size 1..100) until has_more is false. */
  async function* pages(
    libraryId: string,
    query: Record<string, string | undefined>,
    onTotal?: (total: number) => void,
  ): AsyncGenerator<FileDoc> {
    const pageSize = 100;
    for (let page = 0; ; page++) {
      const res = await call(`library "${libraryId}"`, () =>
        ctx.http.getJson<ListDocumentsResponse>(`${libPath(libraryId)}/documents`, {
          ...query,
          page,
          page_size: pageSize,
        }),
      );
      const data = checked<ListDocumentsResponse>(res, 'the document list', {
        data: 'array',
        pagination: 'object?',
      }).data;
      if (page === 0 && res.pagination && typeof res.pagination.total_items === 'number') {
        onTotal?.(res.pagination.total_items);
      }
      for (const payload of data) yield remember(ctx, toFile(payload));
      const more = res.pagination ? res.pagination.has_more : data.length === pageSize;
      if (!more || data.length === 0) return;
    }
  }

  async function deleteFile(libraryId: string, fileId: string): Promise<void> {
    await deleteCall(`document "${fileId}"`, () =>
      ctx.http.request({ method: 'DELETE', path: docPath(libraryId, fileId), expect: 'none' }),
    );
    ctx.names.delete(fileId);
  }

  /** Documents named exactly `name` (the server's search narrows; names are not unique on Mistral). */
  async function namesakes(libraryId: string, name: string): Promise<FileDoc[]> {
    const found: FileDoc[] = [];
    for await (const file of pages(libraryId, { search: name })) if (nfc(file.name) === nfc(name)) found.push(file);
    return found;
  }

  return {
    async uploadFile(libraryId: string, input: UploadInput): Promise<UploadResult> {
      if (input.labels?.length) unsupported('labels (--label); use --attribute instead');
      if (input.path !== undefined) unsupported('paths (--path)');
      if (input.publicUrl !== undefined) unsupported('public URLs (--public-url)');
      // Retryable although a POST: Mistral answers a repeated upload of the same content with the
      // existing document (200) instead of creating a second one.
      const res = await call(
        `library "${libraryId}"`,
        () =>
          ctx.http.request<DocumentPayload>({
            method: 'POST',
            path: `${libPath(libraryId)}/documents`,
            form: fileForm('file', input.filePath, nfc(input.name)),
            retryable: true,
            signal: input.signal,
          }),
        'write',
      );
      let file = remember(ctx, toFile(res.body));
      let outcome: UploadOutcome = res.status === 201 ? 'created' : 'unchanged';
      if (input.attributes && Object.keys(input.attributes).length > 0) {
        file = await patchDocument(libraryId, file.id, {
          attributes: mergeAttributes(file.attributes, input.attributes),
        });
      }
      // Mistral never rejects a duplicate name, so --overwrite means: after the new document is safely
      // in, delete the older ones with its name. Not for 'unchanged': that document may be named otherwise.
      if (input.overwrite && outcome === 'created') {
        const older = (await namesakes(libraryId, input.name)).filter((f) => f.id !== file.id);
        // The replacement keeps the attributes of the file it replaces, unless it brought its own.
        const kept = older.find((o) => Object.keys(o.attributes).length > 0)?.attributes;
        if (kept && input.attributes === undefined) {
          file = await patchDocument(libraryId, file.id, { attributes: mergeAttributes(kept, file.attributes) });
        }
        for (const old of older) await deleteFile(libraryId, old.id);
        if (older.length > 0) outcome = 'replaced';
      }
      return { file, outcome };
    },

    async *listFiles(libraryId: string, opts: FileListOptions): AsyncGenerator<FileDoc> {
      if (opts.label !== undefined) unsupported('labels (--label)');
      if (opts.path !== undefined) unsupported('paths (--path)');
      const sort = opts.sort ? parseSort(opts.sort, SORT_FIELDS) : undefined;
      const cap = capOf(opts);
      if (cap <= 0) return;
      const query = {
        // With only --name, search by it server-side to fetch less; the exact match is ours.
        search: opts.search ?? opts.name,
        sort_by: sort ? SORT_BY[sort.field] : undefined,
        sort_order: sort ? (sort.descending ? 'desc' : 'asc') : undefined,
      };
      let count = 0;
      // The server's total counts what it filtered; name and status are filtered here, so then it says nothing.
      const exact = opts.name === undefined && opts.status === undefined;
      for await (const file of pages(libraryId, query, exact ? opts.onTotal : undefined)) {
        if (opts.name !== undefined && nfc(file.name) !== nfc(opts.name)) continue;
        if (opts.status !== undefined && file.status !== opts.status) continue;
        yield file;
        if (++count >= cap) return;
      }
    },

    async resolveFile(libraryId: string, ref: string): Promise<FileDoc> {
      return resolveRef<FileDoc>(ref, {
        what: 'file',
        byId: async (id) => (UUID.test(id) ? orNothing(getDocument(ctx, libraryId, id)) : undefined),
        byName: (name) => namesakes(libraryId, name),
        // The API has no prefix search: the pages are read.
        byIdPrefix: async (prefix) => {
          const matches: FileDoc[] = [];
          for await (const file of pages(libraryId, {}))
            if (file.id.startsWith(prefix.toLowerCase())) matches.push(file);
          return matches;
        },
        describe: (f) => `${f.id} (created ${f.createdAt ?? '?'})`,
        notFound: () => new NotFoundError(`document "${ref}" not found (mistral, 404)`),
      });
    },

    async updateFile(libraryId: string, fileId: string, input: FileUpdateInput): Promise<FileDoc> {
      if (input.labels !== undefined || input.addLabels?.length || input.removeLabels?.length) {
        unsupported('labels; use --attribute instead');
      }
      if (input.publicUrl !== undefined) unsupported('public URLs (--public-url)');
      const body: { name?: string; attributes?: Record<string, unknown> } = {};
      if (input.name !== undefined) body.name = nfc(input.name);
      if (input.attributes !== undefined) {
        // The model merges attributes; send the full merged set so the result is the same
        // whether the server's PATCH merges or replaces them.
        const current = await getDocument(ctx, libraryId, fileId);
        body.attributes = mergeAttributes(current.attributes, input.attributes);
      }
      return patchDocument(libraryId, fileId, body);
    },

    deleteFile,
  };
}
