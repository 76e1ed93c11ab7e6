/**
 * Shares (`inf:library-shares`), designed here in seed 002's style:
 *   GET    /api/libraries/{id}/shares                 a HAL collection (limit, start); read access
 *   PUT    /api/libraries/{id}/shares/{principalId}   {accessLevel: 1|2}; 201 new, 200 changed; owner only
 *   DELETE /api/libraries/{id}/shares/{principalId}   204; owner only (or a user leaving)
 * Principals are users (`bob`) and teams (`team:data-science`); accessLevel 1
 * is read, 2 write. The owner is not a share (see /owner) and cannot be given one.
 */
import type { LibraryRow, ShareRow } from '../../store/index.js';
import type { Call } from '../context.js';
import type { Reply } from '../http.js';
import { libraryFor, principalName } from './access.js';
import { jsonBody, queryInt } from './body.js';
import { halError, Problems, storeCall } from './errors.js';
import { ACCESS_LEVELS, libraryHref } from './payloads.js';

function sharePayload(call: Call, lib: LibraryRow, share: ShareRow) {
  const name = principalName(call, share.principalId);
  return {
    _links: {
      self: { href: `${libraryHref(lib.id)}/shares/${encodeURIComponent(name)}` },
      'inf:library': { href: libraryHref(lib.id) },
    },
    principalId: name,
    principalType: name.startsWith('team:') ? 'team' : 'user',
    accessLevel: ACCESS_LEVELS[share.level as 'viewer' | 'editor'],
    createdAt: share.createdAt!,
  };
}

/** The user or team named in the path; 404 when there is none. */
function principalOf(call: Call): string {
  const name = call.params.principalId!;
  const p = call.env.store.principalByName(name);
  if (!p) throw halError(404, `no user or team "${name}"`);
  return p.id;
}

export async function listShares(call: Call): Promise<Reply> {
  const q = call.url.searchParams;
  const problems = new Problems();
  const limit = queryInt(problems, q, 'limit', 30, 1, 1000);
  const start = queryInt(problems, q, 'start', 0, 0, Number.MAX_SAFE_INTEGER);
  problems.check();
  const { lib } = libraryFor(call, call.params.id!, 'read');
  // Users and teams; workspace and org shares (made through another dialect) have no name here.
  const all = call.env.store.listShares(lib.id).filter((s) => s.level !== 'owner' && s.principalType === 'user');
  const page = all.slice(start, start + limit);
  return {
    status: 200,
    json: {
      _links: {
        self: { href: `${libraryHref(lib.id)}/shares{?limit,start}`, templated: true },
        'inf:library': { href: libraryHref(lib.id) },
      },
      _embedded: { 'inf:library-share': page.map((s) => sharePayload(call, lib, s)) },
      start,
      count: page.length,
      total: all.length,
    },
  };
}

export async function putShare(call: Call): Promise<Reply> {
  const problems = new Problems();
  const body = await jsonBody(call, problems);
  const level = body.accessLevel === 1 ? 'viewer' : body.accessLevel === 2 ? 'editor' : undefined;
  if (!level) problems.add('accessLevel', 'must be 1 (read) or 2 (write)');
  problems.check();
  const { lib } = libraryFor(call, call.params.id!, 'share');
  const principalId = principalOf(call);
  if (principalId === lib.ownerId) throw halError(403, 'the owner is not given a share: they own the library');
  const { store } = call.env;
  const existed = store.listShares(lib.id).some((s) => s.principalType === 'user' && s.principalId === principalId);
  const share = storeCall(() => store.putShare(lib.id, { type: 'user', id: principalId }, level!), 'accessLevel');
  return { status: existed ? 200 : 201, json: sharePayload(call, lib, share) };
}

export async function deleteShare(call: Call): Promise<Reply> {
  const { lib, level } = libraryFor(call, call.params.id!, 'read');
  const principalId = principalOf(call);
  // The owner removes anyone's share; anyone else only their own (leaving the library).
  if (level !== 'owner' && principalId !== call.caller.userId) {
    throw halError(403, "Only the owner may change this library's shares");
  }
  if (principalId === lib.ownerId) throw halError(403, 'the owner has no share to remove: they own the library');
  const removed = storeCall(() => call.env.store.deleteShare(lib.id, { type: 'user', id: principalId }));
  if (!removed) throw halError(404, `library ${lib.id} is not shared with ${call.params.principalId}`);
  return { status: 204 };
}
