/**
 * Libraries, as seed 002 fixes them: GET /api/libraries (a HAL collection),
 * GET /api/libraries-list (flat), GET|PUT|DELETE /api/libraries/{id} (an id or
 * a natural id), POST /api/libraries, GET|PUT /api/libraries/{id}/owner.
 *
 * Choices where the seed is silent:
 * - `sort` takes name, createdAt, updatedAt; `limit` is 1 to 1000.
 * - Create and update answer the full library (as GET does); the seed's
 *   examples show a subset of its fields.
 * - A cloud type needs `data.folderId` (the drive folder it syncs from); the
 *   client secret is never stored nor answered, the client id stays inside.
 * - `shared: false` is refused (409) while the library has shares: remove them first.
 * - A new owner must be a known user or team (404 otherwise); the library keeps
 *   its shares; its slug goes along unless the new owner uses it.
 */
import { randomUUID } from 'node:crypto';
import type { AccessLevel, LibraryRow } from '../../store/index.js';
import type { Call } from '../context.js';
import type { Reply } from '../http.js';
import { libraryFor } from './access.js';
import { bool, jsonBody, obj, queryBool, queryInt, querySort, str } from './body.js';
import { validFolderId } from './drive.js';
import { DRIVER_IDS, driverOf } from './drivers.js';
import { halError, Problems, storeCall } from './errors.js';
import { API, libraryDetail, libraryItem, libraryListItem } from './payloads.js';

const SORTS = ['name', 'createdAt', 'updatedAt'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const detail = (call: Call, lib: LibraryRow, level: AccessLevel): Reply => ({
  status: 200,
  json: libraryDetail(call, lib, level),
});

export async function listLibraries(call: Call): Promise<Reply> {
  const q = call.url.searchParams;
  const problems = new Problems();
  const limit = queryInt(problems, q, 'limit', 30, 1, 1000);
  const start = queryInt(problems, q, 'start', 0, 0, Number.MAX_SAFE_INTEGER);
  const sort = querySort(problems, q, 'name', SORTS);
  problems.check();
  const query = { visibleTo: call.caller.userId, search: q.get('q') || undefined };
  const { store } = call.env;
  const total = store.countLibraries(query);
  const rows = store.listLibraries({ ...query, sort, limit, offset: start });
  return {
    status: 200,
    json: {
      _links: { self: { href: `${API}/libraries{?sort,limit,start,q}`, templated: true } },
      _embedded: { 'inf:library': rows.map((lib) => libraryItem(call, lib)) },
      start,
      count: rows.length,
      total,
    },
  };
}

export async function librariesList(call: Call): Promise<Reply> {
  const { store } = call.env;
  const rows = store.listLibraries({ visibleTo: call.caller.userId, sort: 'name' });
  return {
    status: 200,
    json: rows.map((lib) =>
      libraryListItem(call, lib, store.accessLevel(lib.id, call.caller.userId)!, store.listShares(lib.id)),
    ),
  };
}

export async function getLibrary(call: Call): Promise<Reply> {
  const problems = new Problems();
  queryBool(problems, call.url.searchParams, 'includeJobAccess'); // accepted; lib serve has no jobs
  problems.check();
  const { lib, level } = libraryFor(call, call.params.id!, 'read');
  return detail(call, lib, level);
}

export async function createLibrary(call: Call): Promise<Reply> {
  const problems = new Problems();
  const body = await jsonBody(call, problems);
  const id = str(problems, body, 'id');
  if (typeof id === 'string' && !UUID.test(id)) problems.add('id', 'must be a UUID');
  const name = str(problems, body, 'name', { required: true, nonEmpty: true });
  const type = str(problems, body, 'type', { required: true });
  if (typeof type === 'string' && !DRIVER_IDS.includes(type))
    problems.add('type', `must be one of ${DRIVER_IDS.join(', ')}`);
  const description = str(problems, body, 'description', { nullable: true });
  const shared = bool(problems, body, 'shared');
  const data = obj(problems, body, 'data');
  const integrationId = str(problems, body, 'integrationId', { nullable: true });
  const readOnly = bool(problems, body, 'readOnly');
  const clientId = str(problems, body, 'clientId', { nullable: true });
  str(problems, body, 'clientSecret', { nullable: true }); // checked, then forgotten: never stored, never answered
  const cloud = typeof type === 'string' && !driverOf(type).isLocal;
  if (cloud && !validFolderId(data?.folderId)) {
    problems.add('data.folderId', `is required for a ${type} library: the drive folder it syncs from`);
  }
  problems.check();

  const { store } = call.env;
  if (id && store.getLibrary(id.toLowerCase())) throw halError(409, `a library with id ${id} already exists`);
  let integration: Record<string, unknown> | null = null;
  if (cloud) {
    const reused = integrationId ? reusedIntegration(call, integrationId) : undefined;
    integration = {
      id: reused ? integrationId : randomUUID(),
      clientId: clientId ?? reused?.clientId ?? null,
      readOnly: readOnly ?? true,
      createdAt: new Date(store.now()).toISOString(),
    };
  }
  const lib = storeCall(
    () =>
      store.createLibrary({
        id: id?.toLowerCase(),
        ownerId: call.caller.userId,
        name: name!,
        description: description ?? null,
        type: type!,
        data: data ?? null,
        shared: shared ?? false,
        integration,
      }),
    'name',
  );
  return { status: 201, json: libraryDetail(call, lib, 'owner'), headers: { location: `${API}/libraries/${lib.id}` } };
}

/** An integration of another of the caller's libraries (integrationId); 400 when there is none. */
function reusedIntegration(call: Call, integrationId: string): Record<string, unknown> {
  const { store } = call.env;
  const mine = store.listLibraries({ visibleTo: call.caller.userId });
  const found = mine.find((l) => l.integration?.id === integrationId);
  if (!found) {
    throw halError(400, `integrationId: no integration ${integrationId}`, undefined, {
      errors: [{ field: 'integrationId', message: `no integration ${integrationId}` }],
    });
  }
  return found.integration!;
}

export async function updateLibrary(call: Call): Promise<Reply> {
  const problems = new Problems();
  const body = await jsonBody(call, problems);
  // clientId and clientSecret cannot be changed here: stripped, as the seed says.
  delete body.clientId;
  delete body.clientSecret;
  const name = str(problems, body, 'name', { nonEmpty: true });
  const description = str(problems, body, 'description', { nullable: true });
  const data = obj(problems, body, 'data');
  const shared = bool(problems, body, 'shared');
  let syncInterval: number | null | undefined;
  if (body.syncInterval === null) syncInterval = null;
  else if (body.syncInterval !== undefined) {
    if (!Number.isSafeInteger(body.syncInterval) || (body.syncInterval as number) < 1)
      problems.add('syncInterval', 'must be a whole number of minutes, at least 1');
    else syncInterval = body.syncInterval as number;
  }
  problems.check();

  const { lib, level } = libraryFor(call, call.params.id!, 'write');
  const driver = driverOf(lib.type);
  if (typeof syncInterval === 'number' && !driver.supportsSync) {
    throw halError(409, `a ${driver.name} library does not sync; syncInterval is for cloud drives`);
  }
  if (data !== undefined && !driver.isLocal && !validFolderId(data?.folderId)) {
    throw halError(400, 'data.folderId: is required for a cloud library', undefined, {
      errors: [{ field: 'data.folderId', message: 'is required for a cloud library' }],
    });
  }
  if (shared === false && lib.shareCount > 0) {
    throw halError(409, `the library is shared with ${lib.shareCount} principal(s); remove its shares first`);
  }
  const patch = {
    ...(name != null && { name }),
    ...(description !== undefined && { description }),
    ...(data !== undefined && { data }),
    ...(shared !== undefined && { shared }),
    ...(syncInterval !== undefined && { syncInterval }),
  };
  const updated = Object.keys(patch).length
    ? storeCall(() => call.env.store.updateLibrary(lib.id, patch), 'name')
    : lib;
  return detail(call, updated, level);
}

export async function deleteLibrary(call: Call): Promise<Reply> {
  const { lib } = libraryFor(call, call.params.id!, 'delete');
  storeCall(() => call.env.store.deleteLibrary(lib.id));
  return { status: 204 };
}

export async function getOwner(call: Call): Promise<Reply> {
  const { lib } = libraryFor(call, call.params.id!, 'read');
  return { status: 200, json: { ownerId: call.env.store.getPrincipal(lib.ownerId)?.name ?? lib.ownerId } };
}

export async function putOwner(call: Call): Promise<Reply> {
  const problems = new Problems();
  const body = await jsonBody(call, problems);
  const ownerId = str(problems, body, 'ownerId', { required: true, nonEmpty: true });
  problems.check();
  const { lib } = libraryFor(call, call.params.id!, 'write');
  const { store } = call.env;
  const owner = store.principalByName(ownerId!);
  if (!owner) throw halError(404, `no user or team "${ownerId}"`);
  const updated = storeCall(() => store.updateLibrary(lib.id, { ownerId: owner.id }), 'ownerId');
  return { status: 200, json: { ownerId: store.getPrincipal(updated.ownerId)?.name ?? updated.ownerId } };
}
