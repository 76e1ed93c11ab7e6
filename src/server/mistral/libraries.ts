/**
 * /v1/libraries and /v1/libraries/{library_id}: list, create, get, update
 * (PATCH, and the deprecated PUT), delete.
 *
 * Choices where Mistral is silent:
 * - Libraries list newest first (created_at descending), ties by id.
 * - `search` matches the name or the description (the store's search).
 * - A new library is private to its creator whatever `owner_type` says by
 *   default (Mistral defaults API keys to "Workspace"; the issue wants
 *   libraries private until shared). `owner_type: "Workspace"` keeps the
 *   caller as owner and shares the library with the caller's workspace as
 *   Viewer, since the store's owners are users.
 * - Names are unique per owner in the store: a second library of the same
 *   name (by create or rename) is 409 {"detail": "library \"x\" already exists"}.
 */
import type { LibraryRow } from '../../store/index.js';
import { libraryFor } from '../access.js';
import type { Call } from '../context.js';
import { bodyObject, Issues, pathUuid, readJson, storeCall } from '../fastapi/index.js';
import type { Reply } from '../http.js';
import { decodePageToken, encodePageToken, pagination } from './pages.js';
import { libraryPayload } from './payloads.js';

const payload = (call: Call, lib: LibraryRow) => libraryPayload(lib, call.env.store.listShares(lib.id));

export async function listLibraries(call: Call): Promise<Reply> {
  const q = call.url.searchParams;
  const issues = new Issues();
  const pageSize = q.has('page_size')
    ? issues.int(q.get('page_size'), ['query', 'page_size'], { ge: 1, le: 100 })
    : 100;
  const page = q.has('page') ? issues.int(q.get('page'), ['query', 'page'], { ge: 0 }) : undefined;
  const token = q.get('page_token') || undefined;
  const offsetFromToken = token !== undefined ? decodePageToken(token, ['query', 'page_token'], issues) : undefined;
  const ownedOnly = q.has('filter_owned_by_me')
    ? issues.bool(q.get('filter_owned_by_me')!, ['query', 'filter_owned_by_me'])
    : undefined;
  issues.check();

  // The token wins over the deprecated offset `page` (the SDK always sends page=0 alongside it).
  const size = pageSize!;
  const offset = offsetFromToken ?? (page ?? 0) * size;
  const { store } = call.env;
  const query = {
    visibleTo: call.caller.userId,
    search: q.get('search') || undefined,
    ownerId: ownedOnly ? call.caller.userId : undefined,
  };
  const total = store.countLibraries(query);
  const rows = store.listLibraries({ ...query, sort: '-createdAt', limit: size, offset });
  const next = offset + rows.length < total ? encodePageToken(offset + rows.length) : null;
  return {
    status: 200,
    json: {
      data: rows.map((lib) => payload(call, lib)),
      next_page_token: next,
      // Offset metadata only for callers of the deprecated `page`, as the spec says.
      ...(token === undefined && page !== undefined && { pagination: pagination(total, page, size) }),
    },
  };
}

export async function createLibrary(call: Call): Promise<Reply> {
  const issues = new Issues();
  const body = bodyObject(await readJson(call.req), issues);
  if (body.name === undefined) issues.missing(['body', 'name'], body);
  const name = body.name === undefined ? undefined : issues.string(body.name, ['body', 'name']);
  const description = body.description == null ? null : issues.string(body.description, ['body', 'description']);
  const chunkSize =
    body.chunk_size == null ? null : issues.int(body.chunk_size, ['body', 'chunk_size'], { ge: 256, le: 32768 });
  const ownerType =
    body.owner_type == null ? 'User' : issues.literal(body.owner_type, ['User', 'Workspace'], ['body', 'owner_type']);
  issues.check();

  const { store, workspaceId } = call.env;
  const lib = await storeCall(() =>
    store.createLibrary({ ownerId: call.caller.userId, name: name!, description, chunkSize: chunkSize ?? null }),
  );
  if (ownerType === 'Workspace') store.putShare(lib.id, { type: 'workspace', id: workspaceId }, 'viewer');
  return { status: 201, json: payload(call, lib) };
}

export async function getLibrary(call: Call): Promise<Reply> {
  const issues = new Issues();
  const id = pathUuid(call.params, 'library_id', issues);
  issues.check();
  return { status: 200, json: payload(call, libraryFor(call, id, 'read')) };
}

/** PATCH and the deprecated PUT: both update only the fields given. */
export async function updateLibrary(call: Call): Promise<Reply> {
  const issues = new Issues();
  const id = pathUuid(call.params, 'library_id', issues);
  const body = bodyObject(await readJson(call.req), issues);
  const name = body.name === undefined ? undefined : issues.string(body.name, ['body', 'name']);
  // Absent leaves the description alone; null clears it.
  const description =
    body.description == null
      ? (body.description as null | undefined)
      : issues.string(body.description, ['body', 'description']);
  issues.check();

  const lib = libraryFor(call, id, 'write');
  const patch = { ...(name !== undefined && { name }), ...(description !== undefined && { description }) };
  const updated = await storeCall(() => call.env.store.updateLibrary(lib.id, patch));
  return { status: 200, json: payload(call, updated) };
}

/** 200 with the library as it was (the spec's current answer; 204 is announced for later). */
export async function deleteLibrary(call: Call): Promise<Reply> {
  const issues = new Issues();
  const id = pathUuid(call.params, 'library_id', issues);
  issues.check();
  const lib = libraryFor(call, id, 'owner');
  const before = payload(call, lib);
  await storeCall(() => call.env.store.deleteLibrary(lib.id));
  return { status: 200, json: before };
}
