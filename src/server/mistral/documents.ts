/**
 * /v1/libraries/{library_id}/documents[/{document_id}]: list, upload, get,
 * update (PATCH, and the deprecated PUT), delete.
 *
 * Choices where Mistral is silent:
 * - Mistral allows two documents of the same name in a library; the store
 *   keeps names unique per (library, path). Mistral has no paths, so a new
 *   document whose name is taken goes to a path of its own (a uuid), unseen
 *   in this dialect. Two uploads racing for one new name can still meet
 *   the store's constraint: the loser gets 409. A rename onto a taken name
 *   is 409 too (the store cannot move a document to another path).
 * - `expires_at` is validated and accepted but not kept (the store has no
 *   such column): documents do not expire here, and report expires_at null.
 * - `attributes` in an update replaces the whole set (null clears it).
 */
import { randomUUID } from 'node:crypto';
import type { FileQuery, FileRow, PutFileResult } from '../../store/index.js';
import { documentIn, libraryFor } from '../access.js';
import type { Call } from '../context.js';
import { bodyObject, detailError, Issues, pathUuid, readJson, storeCall, validationError } from '../fastapi/index.js';
import { drain, type Reply } from '../http.js';
import { boundaryOf, MultipartReader } from '../multipart.js';
import { parseAttributeFilter } from './filters.js';
import { pagination } from './pages.js';
import { documentPayload } from './payloads.js';

/** sort_by values onto the store's sort keys; last_processed_at is sorted here (see listDocuments). */
const SORT_KEYS = {
  created_at: 'createdAt',
  updated_at: 'updatedAt',
  name: 'name',
  size: 'size',
  last_processed_at: null,
} as const;
const SORT_BY = Object.keys(SORT_KEYS) as (keyof typeof SORT_KEYS)[];

function pathIds(call: Call, issues: Issues, withDocument: boolean): { libraryId: string; documentId: string } {
  const libraryId = pathUuid(call.params, 'library_id', issues);
  const documentId = withDocument ? pathUuid(call.params, 'document_id', issues) : '';
  return { libraryId, documentId };
}

export async function listDocuments(call: Call): Promise<Reply> {
  const q = call.url.searchParams;
  const issues = new Issues();
  const { libraryId } = pathIds(call, issues, false);
  const pageSize = q.has('page_size')
    ? issues.int(q.get('page_size'), ['query', 'page_size'], { ge: 1, le: 100 })
    : 100;
  const page = q.has('page') ? issues.int(q.get('page'), ['query', 'page'], { ge: 0 }) : 0;
  const sortBy = issues.literal(q.get('sort_by') ?? 'created_at', SORT_BY, ['query', 'sort_by']);
  const sortOrder = issues.literal(q.get('sort_order') ?? 'desc', ['asc', 'desc'], ['query', 'sort_order']);
  const filterText = q.get('filters_attributes');
  const filter = filterText ? parseAttributeFilter(filterText, ['query', 'filters_attributes'], issues) : undefined;
  issues.check();

  const lib = libraryFor(call, libraryId, 'read');
  const { store } = call.env;
  const size = pageSize!;
  const offset = page! * size;
  const key = SORT_KEYS[sortBy!];
  const desc = sortOrder === 'desc';
  const query: FileQuery = { search: q.get('search') || undefined, sort: `${desc ? '-' : ''}${key ?? 'createdAt'}` };

  let total: number;
  let rows: FileRow[];
  if (filter || key === null) {
    // What the store cannot filter or sort by is done here, over the library's matching documents.
    let all = store.listFiles(lib.id, query);
    if (filter) all = all.filter((f) => filter(f.attributes));
    if (key === null) {
      const at = (f: FileRow) => (f.status === 'ready' ? f.processingDoneAt : '');
      all.sort((a, b) => (desc ? -1 : 1) * at(a).localeCompare(at(b)));
    }
    total = all.length;
    rows = all.slice(offset, offset + size);
  } else {
    total = store.countFiles(lib.id, query);
    rows = store.listFiles(lib.id, { ...query, limit: size, offset });
  }
  return { status: 200, json: { pagination: pagination(total, page!, size), data: rows.map(documentPayload) } };
}

/** "dir/a.txt" or "C:\\dir\\a.txt" -> "a.txt": a file name is data, never a path. */
function baseName(filename: string): string {
  return filename.split(/[/\\]/).pop() ?? '';
}

/**
 * The multipart field `file`, streamed part by part into the store (which
 * hashes while writing to disk). 201 for a new document; 200 with the
 * existing one when the same content is already in the library.
 */
export async function uploadDocument(call: Call): Promise<Reply> {
  const issues = new Issues();
  const { libraryId } = pathIds(call, issues, false);
  issues.check();
  const lib = libraryFor(call, libraryId, 'write'); // before reading a possibly large body for nothing

  const missingFile = () =>
    validationError([{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }]);
  const boundary = boundaryOf(call.req.headers['content-type']);
  if (!boundary) throw missingFile();

  const { store, processingMs } = call.env;
  const reader = new MultipartReader(call.req, boundary);
  let result: PutFileResult | undefined;
  for (let part = await reader.next(); part; part = await reader.next()) {
    if (part.name !== 'file' || result) continue; // other fields, and any second file, are ignored
    if (part.filename === undefined) {
      throw validationError([
        {
          type: 'value_error',
          loc: ['body', 'file'],
          msg: "Value error, Expected UploadFile, received: <class 'str'>",
          input: null,
        },
      ]);
    }
    const name = baseName(part.filename);
    const declared = part.contentType?.split(';')[0]!.trim().toLowerCase();
    const content = reader.body();
    result = await storeCall(
      () =>
        store.putFile({
          libraryId: lib.id,
          name,
          path: store.fileAt(lib.id, '', name) ? randomUUID() : '',
          content,
          // The official SDK labels several types octet-stream; the store then goes by the extension.
          mimeType: declared && declared !== 'application/octet-stream' ? declared : undefined,
          uploadedBy: call.caller.userId,
          dedupeByHash: true,
          processingMs,
        }),
      ['body', 'file'],
    );
  }
  if (!result) throw missingFile();
  await drain(call.req); // the epilogue, if any
  return { status: result.outcome === 'unchanged' ? 200 : 201, json: documentPayload(result.file) };
}

export async function getDocument(call: Call): Promise<Reply> {
  const issues = new Issues();
  const { libraryId, documentId } = pathIds(call, issues, true);
  issues.check();
  const lib = libraryFor(call, libraryId, 'read');
  return { status: 200, json: documentPayload(documentIn(call, lib, documentId)) };
}

const ATTRIBUTE_SCALARS = new Set(['boolean', 'string', 'number']);

/** Attribute values as the spec allows: scalars, or lists of one scalar type. */
function checkAttributes(value: unknown, issues: Issues): Record<string, unknown> | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'object' || Array.isArray(value)) {
    issues.add({
      type: 'dict_type',
      loc: ['body', 'attributes'],
      msg: 'Input should be a valid dictionary',
      input: value,
    });
    return undefined;
  }
  for (const [k, v] of Object.entries(value)) {
    const ok = Array.isArray(v)
      ? v.every((x) => ATTRIBUTE_SCALARS.has(typeof x) && typeof x === typeof v[0])
      : ATTRIBUTE_SCALARS.has(typeof v);
    if (!ok) {
      issues.add({
        type: 'value_error',
        loc: ['body', 'attributes', k],
        msg: 'Value error, an attribute is a boolean, string, number or date-time, or a list of one of those',
        input: v,
      });
    }
  }
  return value as Record<string, unknown>;
}

/** PATCH and the deprecated PUT: name and/or attributes. */
export async function updateDocument(call: Call): Promise<Reply> {
  const issues = new Issues();
  const { libraryId, documentId } = pathIds(call, issues, true);
  const body = bodyObject(await readJson(call.req), issues);
  const name = body.name === undefined ? undefined : issues.string(body.name, ['body', 'name']);
  const attributes = checkAttributes(body.attributes, issues);
  if (body.expires_at != null) issues.dateTime(body.expires_at, ['body', 'expires_at']);
  issues.check();

  const lib = libraryFor(call, libraryId, 'write');
  const file = documentIn(call, lib, documentId);
  let attrPatch: Record<string, unknown> | undefined;
  if (attributes !== undefined) {
    // The store merges (null removes a key); replacing means removing the keys not given.
    attrPatch = Object.fromEntries(Object.keys(file.attributes).map((k) => [k, null]));
    Object.assign(attrPatch, attributes ?? {});
  }
  const patch = { ...(name !== undefined && { name }), ...(attrPatch && { attributes: attrPatch }) };
  const updated = await storeCall(() => call.env.store.updateFile(file.id, patch, lib.id), ['body', 'name']);
  return { status: 200, json: documentPayload(updated) };
}

export async function deleteDocument(call: Call): Promise<Reply> {
  const issues = new Issues();
  const { libraryId, documentId } = pathIds(call, issues, true);
  issues.check();
  const lib = libraryFor(call, libraryId, 'write');
  const file = documentIn(call, lib, documentId);
  if (!call.env.store.deleteFile(file.id, lib.id)) throw detailError(404, 'Document not found');
  return { status: 204 };
}
