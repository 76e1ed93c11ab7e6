/**
 * AI21 Studio's library files (seeds 001 and 003), over the caller's account
 * library (library.ts):
 *   POST   /studio/v1/library/files            multipart: file, path?, labels?, publicUrl? -> 200 {"fileId"}
 *   GET    /studio/v1/library/files            offset, limit (<= 1000) and the filters name (exact),
 *                                              path (prefix), status, label (all must match), as query
 *                                              parameters or as a JSON body with Pagination {offset, limit}
 *   GET    /studio/v1/library/files/{fileId}
 *   PUT    /studio/v1/library/files/{fileId}   JSON {labels?, publicUrl?}: replaced, not merged; 200, no body
 *   DELETE /studio/v1/library/files/{fileId}   200, no body; a file still PROCESSING cannot go (422)
 * AI21 answers 422 for an unknown id, a duplicate name at the same path and an
 * unsupported type. `labels` arrives three ways (repeated fields, one field
 * holding a JSON array, a comma-separated string): all are taken.
 *
 * Choices where AI21 is silent:
 * - The file part may come before `path` (the npm SDK appends it first), so
 *   the file is held in memory until the form ends; the file limit (5 MB by
 *   default) bounds that. A part beyond the limit is refused as it arrives.
 * - Update fields left out or null are left as they are (the Python SDK sends
 *   null for what it was not given); given ones replace; a publicUrl "" clears it.
 * - The list is in upload order (oldest first), so offset paging is stable.
 */
import { extensionOf, mimeTypeFor, type FileQuery, type FileRow, type LibraryRow } from '../../store/index.js';
import type { Call } from '../context.js';
import { bodyObject, detailError, Issues, readJson, validationError } from '../fastapi/index.js';
import { drain, HttpError, type Reply } from '../http.js';
import { boundaryOf, MultipartReader } from '../multipart.js';
import { accountLibrary, DEFAULT_AI21_LIMITS, existingAccountLibrary } from './library.js';
import { alreadyExists, notFound } from './errors.js';
import { AI21_STATUSES, filePayload, STORE_STATUS, type Ai21Status } from './payloads.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_LIMIT = 1000;

/** The types AI21 documents: PDF, DOCX, HTML, TXT and MD, by extension. */
const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html',
  htm: 'text/html',
  txt: 'text/plain',
  md: 'text/markdown',
  markdown: 'text/markdown',
};
const SUPPORTED = [...new Set(Object.values(TYPES))].join(', ');

const limitsOf = (call: Call) => call.env.ai21Limits ?? DEFAULT_AI21_LIMITS;

/** A folder as the store keeps it ("a/b/", '' at the root), as every dialect and the local provider do. */
function folder(path: string): string {
  const parts = path.split(/[/\\]/).filter((s) => s !== '' && s !== '.');
  if (parts.includes('..') || path.includes('\0')) {
    throw detailError(422, `Invalid path: ${path}: ".." and NUL are not allowed`);
  }
  return parts.length ? `${parts.join('/')}/` : '';
}

/**
 * Labels in any of the forms clients send: a JSON array string, a
 * comma-separated string, or (repeated fields, a JSON list) several values.
 */
export function parseLabels(values: unknown[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    if (Array.isArray(value)) {
      out.push(...parseLabels(value));
      continue;
    }
    if (typeof value !== 'string') throw detailError(422, 'labels must be strings');
    const text = value.trim();
    if (text.startsWith('[')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw detailError(422, `labels: not a JSON list: ${text}`);
      }
      if (!Array.isArray(parsed) || parsed.some((l) => typeof l !== 'string')) {
        throw detailError(422, 'labels: expected a JSON list of strings');
      }
      out.push(...(parsed as string[]).map((l) => l.trim()));
    } else {
      out.push(...text.split(','));
    }
  }
  return [...new Set(out.map((l) => l.trim()).filter((l) => l !== ''))];
}

function fileOf(call: Call): { lib: LibraryRow; file: FileRow } {
  const id = call.params.fileId!;
  const lib = existingAccountLibrary(call);
  const file = lib && UUID.test(id) ? call.env.store.getFile(id.toLowerCase()) : undefined;
  if (!lib || !file || file.libraryId !== lib.id) throw notFound(id);
  return { lib, file };
}

export async function uploadFile(call: Call): Promise<Reply> {
  const boundary = boundaryOf(call.req.headers['content-type']);
  const missing = () =>
    validationError([{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }]);
  if (!boundary) throw missing();
  const lib = accountLibrary(call);
  const { maxFileBytes, maxLibraryBytes } = limitsOf(call);
  const reader = new MultipartReader(call.req, boundary);
  let file: { name: string; type: string; bytes: Buffer } | undefined;
  let path = '';
  const labels: string[] = [];
  let publicUrl: string | null = null;
  const text = async (): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const c of reader.body()) chunks.push(c);
    return Buffer.concat(chunks).toString('utf8');
  };
  for (let part = await reader.next(); part; part = await reader.next()) {
    if (part.name === 'file' && part.filename !== undefined && !file) {
      const name = part.filename.split(/[/\\]/).pop() ?? '';
      const ext = extensionOf(name);
      const type = ext ? TYPES[ext] : undefined;
      if (!type) {
        const declared = part.contentType?.split(';')[0]!.trim().toLowerCase();
        throw detailError(
          422,
          `Invalid file type: ${declared && declared !== 'application/octet-stream' ? declared : mimeTypeFor(name)}. Supported file types are: ${SUPPORTED}`,
        );
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of reader.body()) {
        size += c.length;
        if (size > maxFileBytes) throw tooLarge(maxFileBytes);
        chunks.push(c);
      }
      file = { name, type, bytes: Buffer.concat(chunks) };
    } else if (part.name === 'path') path = folder(await text());
    else if (part.name === 'labels' || part.name === 'labels[]') labels.push(...parseLabels([await text()]));
    else if (part.name === 'publicUrl' || part.name === 'public_url') publicUrl = (await text()).trim() || null;
  }
  if (!file) throw missing();
  await drain(call.req);
  const { store, processingMs } = call.env;
  if (store.fileAt(lib.id, path, file.name)) throw alreadyExists(file.name);
  const used = store.getLibrary(lib.id)?.size ?? 0;
  if (used + file.bytes.length > maxLibraryBytes) {
    throw detailError(
      422,
      `Library size limit exceeded: ${used + file.bytes.length} bytes would exceed the ${maxLibraryBytes}-byte limit`,
    );
  }
  let put;
  try {
    put = await store.putFile({
      libraryId: lib.id,
      name: file.name,
      path,
      content: file.bytes,
      mimeType: file.type,
      labels: [...new Set(labels)],
      publicUrl,
      uploadedBy: call.caller.userId,
      processingMs,
    });
  } catch (err) {
    // Two uploads racing for one name: the loser is told as AI21 tells a duplicate.
    if (err instanceof Error && /already exists/.test(err.message)) throw alreadyExists(file.name);
    throw err;
  }
  return { status: 200, json: { fileId: put.file.id, id: put.file.id } };
}

function tooLarge(limit: number): HttpError {
  return detailError(422, `File size exceeds the limit of ${limit} bytes`);
}

/** The filters and pagination, from the query string, a JSON body, or both (the body wins). */
async function listQuery(call: Call) {
  const q = call.url.searchParams;
  const body = await readJson(call.req);
  const issues = new Issues();
  const b = body === undefined || body === null ? {} : bodyObject(body, issues);
  const pagination = (b.Pagination ?? b.pagination ?? {}) as Record<string, unknown>;
  if (typeof pagination !== 'object' || Array.isArray(pagination)) {
    issues.add({
      type: 'model_type',
      loc: ['body', 'Pagination'],
      msg: 'Input should be an object',
      input: pagination,
    });
  }
  const pick = (name: string, loc: 'query' | 'body'): unknown =>
    loc === 'body' ? (pagination[name] ?? b[name]) : (q.get(name) ?? undefined);
  const int = (name: string, range: { ge?: number; le?: number }): number | undefined => {
    const fromBody = pick(name, 'body');
    const fromQuery = pick(name, 'query');
    if (fromBody !== undefined && fromBody !== null) return issues.int(fromBody, ['body', 'Pagination', name], range);
    if (fromQuery !== undefined) return issues.int(fromQuery, ['query', name], range);
    return undefined;
  };
  const offset = int('offset', { ge: 0 }) ?? 0;
  const limit = int('limit', { ge: 1, le: MAX_LIMIT }) ?? MAX_LIMIT;
  const str = (name: string): string | undefined => {
    const v = b[name] ?? q.get(name) ?? undefined;
    if (v === undefined || v === null) return undefined;
    return issues.string(v, [b[name] !== undefined ? 'body' : 'query', name]);
  };
  const name = str('name');
  const path = str('path');
  const statusText = str('status');
  const status = statusText === undefined ? undefined : issues.literal(statusText, AI21_STATUSES, ['query', 'status']);
  const labelValues: unknown[] = [...q.getAll('label'), ...q.getAll('label[]'), ...q.getAll('labels')];
  if (b.label !== undefined && b.label !== null) labelValues.push(b.label);
  issues.check();
  return { offset, limit, name, path, status, labels: parseLabels(labelValues) };
}

export async function listFiles(call: Call): Promise<Reply> {
  const { offset, limit, name, path, status, labels } = await listQuery(call);
  const lib = existingAccountLibrary(call);
  if (!lib) return { status: 200, json: [] }; // nothing uploaded yet
  const { store } = call.env;
  const wanted = status === undefined ? undefined : STORE_STATUS[status as Ai21Status];
  if (status !== undefined && wanted === null) return { status: 200, json: [] };
  const query: FileQuery = {
    name: name || undefined,
    // AI21's path filter is a literal prefix of the path as uploaded ("financial/" matches "financial/taxes").
    pathPrefix: path || undefined,
    label: labels[0],
    status: wanted ?? undefined,
    sort: 'createdAt',
  };
  let rows: FileRow[];
  if (labels.length > 1) {
    // The store filters by one label; the others (all must match) are checked here.
    rows = store.listFiles(lib.id, query).filter((f) => labels.every((l) => f.labels.includes(l)));
    rows = rows.slice(offset, offset + limit);
  } else {
    rows = store.listFiles(lib.id, { ...query, limit, offset });
  }
  return { status: 200, json: rows.map(filePayload) };
}

export async function getFile(call: Call): Promise<Reply> {
  return { status: 200, json: filePayload(fileOf(call).file) };
}

export async function updateFile(call: Call): Promise<Reply> {
  const issues = new Issues();
  const body = bodyObject(await readJson(call.req), issues);
  const { lib, file } = fileOf(call);
  if (body.fileId !== undefined && body.fileId !== null && String(body.fileId).toLowerCase() !== file.id) {
    throw detailError(422, `fileId in the body (${String(body.fileId)}) is not the file of the path (${file.id})`);
  }
  const labels = body.labels === undefined || body.labels === null ? undefined : parseLabels([body.labels]);
  const url = body.publicUrl !== undefined ? body.publicUrl : body.public_url;
  if (url !== undefined && url !== null && typeof url !== 'string') {
    issues.add({ type: 'string_type', loc: ['body', 'publicUrl'], msg: 'Input should be a valid string', input: url });
  }
  issues.check();
  // A field left out or null (the Python SDK sends null for what it was not given) stays; "" clears the URL.
  const patch = {
    ...(labels !== undefined && { labels }),
    ...(typeof url === 'string' && { publicUrl: url.trim() || null }),
  };
  call.env.store.updateFile(file.id, patch, lib.id);
  return { status: 200 };
}

export async function deleteFile(call: Call): Promise<Reply> {
  const { lib, file } = fileOf(call);
  if (file.status === 'processing') {
    throw detailError(
      422,
      `File ${file.id} is in PROCESSING status and cannot be deleted; try again once it is processed`,
    );
  }
  if (!call.env.store.deleteFile(file.id, lib.id)) throw notFound(file.id);
  return { status: 200 };
}
