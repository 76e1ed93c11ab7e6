/**
 * Who may do what in `lib serve`, for every dialect: rules of its one
 * organization, not of a vendor. A library is visible to its owner and to whom
 * it is shared with (the user, their workspace or their org); editors and the
 * owner write documents and update the library; viewers only read; only the
 * owner shares and deletes the library; an owner's own access cannot be
 * changed or removed; anyone may leave a library shared with them; shares stay
 * inside the organization.
 *
 * A caller without any access gets 404, exactly as for a library that does
 * not exist, so ids cannot be probed for existence. A caller who can see the
 * library but lacks the level gets 403. Refusals are Problems: the matched
 * dialect renders them in its vendor's shape.
 */
import type { PrincipalType } from '../model.js';
import type { FileRow, LibraryRow } from '../store/index.js';
import type { Call, Env } from './context.js';
import { Problem } from './http.js';

export type Need = 'read' | 'write' | 'owner';

const WHAT: Record<Exclude<Need, 'read'>, string> = {
  write: 'You need editor access to this library for this operation',
  owner: 'Only the owner of this library can do this',
};

export function libraryFor(call: Call, libraryId: string, need: Need): LibraryRow {
  const { store } = call.env;
  const level = store.accessLevel(libraryId, call.caller.userId);
  const lib = level ? store.getLibrary(libraryId) : undefined;
  if (!level || !lib) throw new Problem(404, 'Library not found');
  if (need === 'write' && level === 'viewer') throw new Problem(403, WHAT.write);
  if (need === 'owner' && level !== 'owner') throw new Problem(403, WHAT.owner);
  return lib;
}

/** A document of the library (a document id of another library is not found). */
export function documentIn(call: Call, lib: LibraryRow, documentId: string): FileRow {
  const file = call.env.store.getFile(documentId);
  if (!file || file.libraryId !== lib.id) throw new Problem(404, 'Document not found');
  return file;
}

/** Whom a library is shared with. */
export interface ShareTarget {
  type: PrincipalType;
  id: string;
}

export const isOwnerTarget = (lib: LibraryRow, t: ShareTarget): boolean => t.type === 'user' && t.id === lib.ownerId;

/** The target is a user of this server's organization, its workspace or the organization itself. */
export function inOrganization(env: Env, t: ShareTarget): boolean {
  if (t.type === 'org') return t.id === env.orgId;
  if (t.type === 'workspace') return t.id === env.workspaceId;
  return env.store.getPrincipal(t.id)?.orgId === env.orgId;
}

/** Sharing or changing a share: `lib` came from libraryFor(..., 'owner'). */
export function mayPutShare(lib: LibraryRow, target: ShareTarget): void {
  if (isOwnerTarget(lib, target)) throw new Problem(403, 'An owner cannot change their own role');
}

/** Removing a share: the owner removes anyone's but their own; anyone else only their own (leaving). */
export function mayDeleteShare(call: Call, lib: LibraryRow, target: ShareTarget): void {
  if (isOwnerTarget(lib, target)) throw new Problem(403, 'An owner cannot delete their own access');
  const isSelf = target.type === 'user' && target.id === call.caller.userId;
  if (lib.ownerId !== call.caller.userId && !isSelf) {
    throw new Problem(403, 'You have to be the owner of the library to delete an access other than yours');
  }
}
