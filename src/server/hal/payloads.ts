/**
 * Store rows as seed 002's HAL payloads, field for field: the list item, the
 * flat libraries-list item and the full library (with its driver, integration
 * and connection embedded, its links and the caller's permissions). Links are
 * absolute paths, as in the seed. Fields the store has no use for are constant:
 * assistantAccess and embedded false, folderId, snapshotOfId and chatId null.
 */
import type { AccessLevel, LibraryRow, ShareRow } from '../../store/index.js';
import type { Call } from '../context.js';
import { displayName, permissionsOf, principalName } from './access.js';
import { folderState } from './drive.js';
import { driverOf } from './drivers.js';

export const API = '/api';
export const libraryHref = (id: string): string => `${API}/libraries/${id}`;
const link = (href: string) => ({ href });

/** The slug-based natural id: `{ownerId}:{slug}`. */
export function naturalId(call: Call, lib: LibraryRow): string {
  return `${principalName(call, lib.ownerId)}:${lib.slug}`;
}

/** `shared`: marked shared by its owner, or shared with anyone (also through another dialect). */
const isShared = (lib: LibraryRow): boolean => lib.shared || lib.shareCount > 0;

function common(call: Call, lib: LibraryRow) {
  return {
    id: lib.id,
    type: lib.type ?? 'local',
    name: lib.name,
    slug: lib.slug,
    description: lib.description,
    ownerId: principalName(call, lib.ownerId),
    shared: isShared(lib),
    assistantAccess: false,
    embedded: false,
    syncedAt: lib.syncedAt,
    syncInterval: lib.syncInterval,
    createdAt: lib.createdAt,
    updatedAt: lib.updatedAt,
  };
}

/** An item of GET /api/libraries. */
export function libraryItem(call: Call, lib: LibraryRow) {
  const self = libraryHref(lib.id);
  return {
    _links: { self: link(self), 'inf:files': link(`${self}/files`), 'inf:sync': link(`${self}/_sync`) },
    ...common(call, lib),
  };
}

/** GET /api/libraries/{id}, and the answer of create, update. */
export function libraryDetail(call: Call, lib: LibraryRow, level: AccessLevel) {
  const self = libraryHref(lib.id);
  const driver = driverOf(lib.type);
  const embedded: Record<string, unknown> = { 'inf:library-driver': driver };
  const integration = integrationOf(lib);
  if (integration) {
    embedded['inf:integration'] = integration;
    const connection = connectionOf(call, lib, integration.id);
    if (connection) embedded['inf:connection'] = connection;
  }
  const { read, write, delete: del, sync } = permissionsOf(level, lib);
  return {
    ...common(call, lib),
    data: lib.data ?? {},
    folderId: null,
    snapshotOfId: null,
    chatId: null,
    _embedded: embedded,
    _links: {
      self: link(self),
      'inf:files': link(`${self}/files`),
      'inf:sync': link(`${self}/_sync`),
      'inf:assistants': link(`${self}/assistants`),
      'inf:library-shares': link(`${self}/shares`),
      'inf:comments': link(`${self}/comments`),
      'inf:favorite': link(`${self}/favorite`),
    },
    permissions: { read, write, delete: del, sync },
  };
}

/** Access levels on the wire: 1 read, 2 write (the store's viewer and editor). */
export const ACCESS_LEVELS = { viewer: 1, editor: 2 } as const;

/** An item of GET /api/libraries-list. */
export function libraryListItem(call: Call, lib: LibraryRow, level: AccessLevel, shares: ShareRow[]) {
  const owner = principalName(call, lib.ownerId);
  const p = permissionsOf(level, lib);
  return {
    id: lib.id,
    name: lib.name,
    type: lib.type ?? 'local',
    shared: isShared(lib),
    assistantAccess: false,
    ownerId: owner,
    ownerName: displayName(owner),
    naturalId: `${owner}:${lib.slug}`,
    tags: [] as string[],
    sharing: shares
      .filter((s) => s.level !== 'owner' && s.principalType === 'user')
      .map((s) => ({
        principalId: principalName(call, s.principalId),
        accessLevel: ACCESS_LEVELS[s.level as 'viewer'],
      })),
    permissions: { edit: p.write, write: p.write, delete: p.delete, share: p.share },
  };
}

interface Integration {
  id: string;
  name: string;
  type: string;
  embedded: boolean;
  libraryId: string;
}

/** The embedded integration a cloud library was created with (client id and read-only flag stay inside). */
function integrationOf(lib: LibraryRow): Integration | null {
  const stored = lib.integration;
  if (!stored || typeof stored.id !== 'string') return null;
  return {
    id: stored.id,
    name: `${driverOf(lib.type).name} - ${lib.name}`,
    type: lib.type ?? 'local',
    embedded: true,
    libraryId: lib.id,
  };
}

/** The connection: present while the directory backing the drive folder exists. */
function connectionOf(call: Call, lib: LibraryRow, integrationId: string) {
  const state = folderState(call.env, lib);
  if (state.kind !== 'ready') return null;
  return {
    id: `conn-${integrationId}`,
    ownerId: principalName(call, lib.ownerId),
    integrationId,
    tokenExpiresAt: null,
    lastAuthorizedAt: typeof lib.integration?.createdAt === 'string' ? lib.integration.createdAt : lib.createdAt,
  };
}
