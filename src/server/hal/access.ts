/**
 * Who may do what in the HAL dialect. A library is readable by its owner and
 * by whom it is shared with; a team's members act for the team (they own what
 * it owns). `write` (update, owner change, uploads, sync) needs the owner or
 * an editor share (accessLevel 2); `delete` and `share` need the owner.
 * A caller without read access gets 404, as for a library that does not
 * exist, so ids and natural ids cannot be probed.
 *
 * Owners are named by principal name in this dialect: a user by their
 * `--token` name (`alice`), a team as `team:NAME`. Natural ids are
 * `{ownerId}:{slug}`, so a team's are `team:data-science:handbook`.
 */
import type { AccessLevel, LibraryRow } from '../../store/index.js';
import type { Call } from '../context.js';
import { driverOf } from './drivers.js';
import { halError } from './errors.js';

export type Need = 'read' | 'write' | 'delete' | 'share';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Permissions {
  read: boolean;
  write: boolean;
  delete: boolean;
  share: boolean;
  sync: boolean;
}

export function permissionsOf(level: AccessLevel | null, lib: LibraryRow): Permissions {
  const write = level === 'owner' || level === 'editor';
  return {
    read: level !== null,
    write,
    delete: level === 'owner',
    share: level === 'owner',
    sync: write && driverOf(lib.type).supportsSync,
  };
}

const MESSAGES: Record<Exclude<Need, 'read'>, string> = {
  write: 'You need write access (library:write) to this library',
  delete: 'Only the owner may delete this library (library:delete)',
  share: "Only the owner may change this library's shares",
};

/** The library `ref` (an id or a natural id) names, if any; no access check. */
export function findLibrary(call: Call, ref: string): LibraryRow | undefined {
  const { store } = call.env;
  if (UUID.test(ref)) return store.getLibrary(ref.toLowerCase());
  const colon = ref.lastIndexOf(':');
  if (colon <= 0 || colon === ref.length - 1) return undefined;
  const owner = store.principalByName(ref.slice(0, colon));
  return owner ? store.libraryBySlug(owner.id, ref.slice(colon + 1)) : undefined;
}

/** The library and the caller's level, or 404 / 403. */
export function libraryFor(call: Call, ref: string, need: Need): { lib: LibraryRow; level: AccessLevel } {
  const found = findLibrary(call, ref);
  const level = found ? call.env.store.accessLevel(found.id, call.caller.userId) : null;
  if (!found || !level) throw halError(404, `Library ${ref} not found`);
  if (need !== 'read' && !permissionsOf(level, found)[need]) throw halError(403, MESSAGES[need]);
  return { lib: found, level };
}

/** A principal id as this dialect shows it: the principal's name (`alice`, `team:data-science`). */
export function principalName(call: Call, principalId: string): string {
  return call.env.store.getPrincipal(principalId)?.name ?? principalId;
}

/** A human name for a principal: a team's name without its prefix. */
export function displayName(name: string): string {
  return name.startsWith('team:') ? name.slice('team:'.length) : name;
}
