/**
 * Permissions, as Mistral documents them: a library is visible to its owner
 * and to whom it is shared with (the user, their workspace or their org);
 * editors and the owner write documents and update the library; viewers only
 * read; only the owner shares and deletes the library.
 *
 * A caller without any access gets 404, exactly as for a library that does
 * not exist, so ids cannot be probed for existence. A caller who can see the
 * library but lacks the level gets 403.
 */
import type { FileRow, LibraryRow } from '../../store/index.js';
import type { Call } from '../context.js';
import { httpError } from '../http.js';

export type Need = 'read' | 'write' | 'owner';

const WHAT: Record<Exclude<Need, 'read'>, string> = {
  write: 'You need editor access to this library for this operation',
  owner: 'Only the owner of this library can do this',
};

export function libraryFor(call: Call, libraryId: string, need: Need): LibraryRow {
  const { store } = call.env;
  const level = store.accessLevel(libraryId, call.caller.userId);
  const lib = level ? store.getLibrary(libraryId) : undefined;
  if (!level || !lib) throw httpError(404, 'Library not found');
  if (need === 'write' && level === 'viewer') throw httpError(403, WHAT.write);
  if (need === 'owner' && level !== 'owner') throw httpError(403, WHAT.owner);
  return lib;
}

/** A document of the library (a document id of another library is not found). */
export function documentIn(call: Call, lib: LibraryRow, documentId: string): FileRow {
  const file = call.env.store.getFile(documentId);
  if (!file || file.libraryId !== lib.id) throw httpError(404, 'Document not found');
  return file;
}
