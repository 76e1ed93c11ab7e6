/**
 * Files (`inf:files`), designed here in seed 002's style:
 *   GET    /api/libraries/{id}/files                  a HAL collection (q, name, path, label, status, sort, limit, start)
 *   POST   /api/libraries/{id}/files[?overwrite=true] multipart: path and labels fields, then the file
 *   GET    /api/libraries/{id}/files/{fileId}
 *   PUT    /api/libraries/{id}/files/{fileId}         {name?, labels?} (labels replace the set)
 *   DELETE /api/libraries/{id}/files/{fileId}         204
 *   GET    /api/libraries/{id}/files/{fileId}/content the bytes
 * Uploads only where the driver supportsUpload: a cloud library's files come
 * from sync alone, so upload, update and delete are refused there (409).
 * The store's states are queued, indexing, indexed, failed here.
 */
import type { Status } from '../../model.js';
import type { FileRow, LibraryRow } from '../../store/index.js';
import type { Call } from '../context.js';
import { drain, type Reply } from '../http.js';
import { boundaryOf, MultipartReader } from '../multipart.js';
import { contentDisposition } from '../signed-urls.js';
import { libraryFor, principalName } from './access.js';
import { jsonBody, queryBool, queryInt, querySort } from './body.js';
import { driverOf } from './drivers.js';
import { halError, Problems, storeCall, storeCallAsync } from './errors.js';
import { libraryHref } from './payloads.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SORTS = ['name', 'createdAt', 'updatedAt', 'size'] as const;
const WORDS: Record<Status, string> = { pending: 'queued', processing: 'indexing', ready: 'indexed', failed: 'failed' };
const STATUSES = Object.fromEntries(Object.entries(WORDS).map(([k, v]) => [v, k as Status]));

/** A folder as the store keeps it: no leading slash, one trailing slash, '' for the root; `..` refused. */
function folder(problems: Problems, field: string, path: string): string {
  const parts = path.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.includes('..') || path.includes('\0')) {
    problems.add(field, 'must be a folder path without ".." or NUL');
    return '';
  }
  return parts.length ? `${parts.join('/')}/` : '';
}

export function filePayload(call: Call, file: FileRow) {
  const self = `${libraryHref(file.libraryId)}/files/${file.id}`;
  return {
    _links: {
      self: { href: self },
      'inf:library': { href: libraryHref(file.libraryId) },
      'inf:content': { href: `${self}/content` },
    },
    id: file.id,
    libraryId: file.libraryId,
    name: file.name,
    path: file.path,
    labels: file.labels,
    mimeType: file.mimeType,
    size: file.size,
    sha256: file.hash,
    status: WORDS[file.status],
    error: file.error,
    uploadedBy: file.uploadedBy ? principalName(call, file.uploadedBy) : null,
    createdAt: file.createdAt,
    updatedAt: file.updatedAt,
  };
}

function fileIn(call: Call, lib: LibraryRow): FileRow {
  const id = call.params.fileId!;
  const file = UUID.test(id) ? call.env.store.getFile(id.toLowerCase()) : undefined;
  if (!file || file.libraryId !== lib.id) throw halError(404, `File ${id} not found`);
  return file;
}

/** Files of a library whose driver takes no uploads come from sync alone. */
function writable(lib: LibraryRow, what: string): void {
  const driver = driverOf(lib.type);
  if (!driver.supportsUpload) {
    throw halError(409, `a ${driver.name} library's files come from sync; ${what} is refused (supportsUpload: false)`);
  }
}

export async function listFiles(call: Call): Promise<Reply> {
  const q = call.url.searchParams;
  const problems = new Problems();
  const limit = queryInt(problems, q, 'limit', 30, 1, 1000);
  const start = queryInt(problems, q, 'start', 0, 0, Number.MAX_SAFE_INTEGER);
  const sort = querySort(problems, q, 'name', SORTS);
  const statusWord = q.get('status');
  const status = statusWord === null ? undefined : STATUSES[statusWord];
  if (statusWord !== null && !status) problems.add('status', `must be one of ${Object.values(WORDS).join(', ')}`);
  const path = q.get('path');
  const prefix = path === null ? undefined : folder(problems, 'path', path) || undefined;
  problems.check();
  const { lib } = libraryFor(call, call.params.id!, 'read');
  const query = {
    search: q.get('q') || undefined,
    name: q.get('name') ?? undefined,
    pathPrefix: prefix,
    label: q.getAll('label'),
    status,
  };
  const { store } = call.env;
  const total = store.countFiles(lib.id, query);
  const rows = store.listFiles(lib.id, { ...query, sort, limit, offset: start });
  const self = `${libraryHref(lib.id)}/files`;
  return {
    status: 200,
    json: {
      _links: {
        self: { href: `${self}{?q,name,path,label,status,sort,limit,start}`, templated: true },
        'inf:library': { href: libraryHref(lib.id) },
      },
      _embedded: { 'inf:file': rows.map((f) => filePayload(call, f)) },
      start,
      count: rows.length,
      total,
    },
  };
}

/** A text field (path, a label) is short; a longer one is a client bug, not data. */
const MAX_FIELD = 4096;

/** "dir/a.txt" or "C:\\dir\\a.txt" -> "a.txt": a file name is data, never a path. */
function baseName(filename: string): string {
  return filename.split(/[/\\]/).pop() ?? '';
}

export async function uploadFile(call: Call): Promise<Reply> {
  const problems = new Problems();
  const overwrite = queryBool(problems, call.url.searchParams, 'overwrite') ?? false;
  problems.check();
  // Before reading a possibly large body for nothing.
  const { lib } = libraryFor(call, call.params.id!, 'write');
  writable(lib, 'an upload');
  const boundary = boundaryOf(call.req.headers['content-type']);
  if (!boundary)
    throw halError(400, 'body: expected multipart/form-data with a file part', undefined, {
      errors: [{ field: 'file', message: 'is required' }],
    });
  const reader = new MultipartReader(call.req, boundary);
  let path = '';
  const labels: string[] = [];
  let result;
  for (let part = await reader.next(); part; part = await reader.next()) {
    if (result) {
      if (part.name === 'path' || part.name === 'labels') {
        throw halError(400, `${part.name}: must come before the file part`);
      }
      continue;
    }
    if (part.filename === undefined) {
      let text = '';
      for await (const chunk of reader.body()) {
        text += chunk.toString('utf8');
        if (text.length > MAX_FIELD) throw halError(400, `${part.name}: longer than ${MAX_FIELD} characters`);
      }
      if (part.name === 'path') path = folder(problems, 'path', text);
      else if (part.name === 'labels') {
        if (text === '') problems.add('labels', 'a label cannot be empty');
        else labels.push(text);
      }
      continue;
    }
    if (part.name !== 'file') continue;
    problems.check();
    const declared = part.contentType?.split(';')[0]!.trim().toLowerCase();
    const content = reader.body();
    result = await storeCallAsync(
      () =>
        call.env.store.putFile({
          libraryId: lib.id,
          name: baseName(part.filename!),
          path,
          content,
          mimeType: declared && declared !== 'application/octet-stream' ? declared : undefined,
          // No labels field keeps a replaced file's labels.
          labels: labels.length ? labels : undefined,
          uploadedBy: call.caller.userId,
          overwrite,
          processingMs: call.env.processingMs,
        }),
      'file',
    );
  }
  // A malformed body is the reader's Problem, rendered in HAL's shape by the pipeline.
  if (!result)
    throw halError(400, 'file: is required', undefined, { errors: [{ field: 'file', message: 'is required' }] });
  await drain(call.req);
  const created = result.outcome === 'created';
  return {
    status: created ? 201 : 200,
    json: filePayload(call, result.file),
    ...(created && { headers: { location: `${libraryHref(lib.id)}/files/${result.file.id}` } }),
  };
}

export async function getFile(call: Call): Promise<Reply> {
  const { lib } = libraryFor(call, call.params.id!, 'read');
  return { status: 200, json: filePayload(call, fileIn(call, lib)) };
}

export async function updateFile(call: Call): Promise<Reply> {
  const problems = new Problems();
  const body = await jsonBody(call, problems);
  let name: string | undefined;
  if (body.name !== undefined) {
    if (typeof body.name !== 'string' || body.name.trim() === '') problems.add('name', 'must be a non-empty string');
    else name = body.name;
  }
  let labels: string[] | undefined;
  if (body.labels !== undefined) {
    if (!Array.isArray(body.labels) || !body.labels.every((l) => typeof l === 'string' && l !== '')) {
      problems.add('labels', 'must be a list of non-empty strings');
    } else labels = body.labels as string[];
  }
  problems.check();
  const { lib } = libraryFor(call, call.params.id!, 'write');
  const file = fileIn(call, lib);
  writable(lib, 'changing a file');
  const patch = { ...(name !== undefined && { name }), ...(labels !== undefined && { labels }) };
  const updated = Object.keys(patch).length
    ? storeCall(() => call.env.store.updateFile(file.id, patch, lib.id), name !== undefined ? 'name' : 'labels')
    : file;
  return { status: 200, json: filePayload(call, updated) };
}

export async function deleteFile(call: Call): Promise<Reply> {
  const { lib } = libraryFor(call, call.params.id!, 'write');
  const file = fileIn(call, lib);
  writable(lib, 'deleting a file');
  storeCall(() => call.env.store.deleteFile(file.id, lib.id));
  return { status: 204 };
}

export async function fileContent(call: Call): Promise<Reply> {
  const { lib } = libraryFor(call, call.params.id!, 'read');
  const file = fileIn(call, lib);
  const stream = call.env.store.openBlob(file.hash);
  // Open before answering: a blob missing on disk is a 404, not a 200 cut short.
  try {
    await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
  } catch {
    throw halError(404, `the content of file ${file.id} is missing`);
  }
  return {
    status: 200,
    stream,
    headers: {
      'content-type': file.mimeType ?? 'application/octet-stream',
      'content-length': String(file.size),
      'content-disposition': contentDisposition(file.name),
    },
  };
}
