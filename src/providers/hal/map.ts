/** hal payloads onto the uniform model; the payload rides along for --raw. */
import { withRaw, type FileDoc, type Library, type Share, type ShareLevel } from '../../model.js';
import { checked } from '../shared/shape.js';
import { statusFrom, type StatusWords } from '../shared/status.js';
import type { DriverPayload, FilePayload, LibraryPayload, SharePayload } from './payloads.js';

export function toLibrary(payload: unknown): Library {
  const p = checked<LibraryPayload>(payload, 'the hal library', {
    id: 'string',
    name: 'string',
    type: 'string?',
    slug: 'string?',
    description: 'string?',
    ownerId: 'string?',
    shared: 'boolean?',
    syncedAt: 'string?',
    syncInterval: 'number?',
    createdAt: 'string?',
    updatedAt: 'string?',
    _embedded: 'object?',
    permissions: 'object?',
  });
  const driver = p._embedded?.['inf:library-driver'];
  return withRaw<Library>(
    {
      id: p.id,
      name: p.name,
      description: p.description ?? null,
      naturalId: p.ownerId && p.slug ? `${p.ownerId}:${p.slug}` : null,
      type: p.type ?? null,
      ownerId: p.ownerId ?? null,
      shared: p.shared ?? null,
      // hal does not count a library's files or bytes.
      documents: null,
      size: null,
      createdAt: p.createdAt ?? null,
      updatedAt: p.updatedAt ?? null,
      syncedAt: p.syncedAt ?? null,
      syncInterval: p.syncInterval ?? null,
      driver: driver ? toDriver(driver) : null,
      permissions: p.permissions
        ? {
            read: Boolean(p.permissions.read),
            write: Boolean(p.permissions.write),
            delete: Boolean(p.permissions.delete),
            sync: Boolean(p.permissions.sync),
          }
        : null,
    },
    p,
  );
}

function toDriver(payload: unknown) {
  const d = checked<DriverPayload>(payload, 'the hal library driver', {
    id: 'string',
    name: 'string',
    supportsSync: 'boolean',
    supportsUpload: 'boolean',
    isLocal: 'boolean',
  });
  return { id: d.id, name: d.name, supportsSync: d.supportsSync, supportsUpload: d.supportsUpload, isLocal: d.isLocal };
}

/** hal's file states: queued, indexing, indexed, failed. */
export const STATUS_WORDS: StatusWords = {
  queued: 'pending',
  indexing: 'processing',
  indexed: 'ready',
  failed: 'failed',
};

export function toFile(payload: unknown): FileDoc {
  const p = checked<FilePayload>(payload, 'the hal file', {
    id: 'string',
    libraryId: 'string',
    name: 'string',
    path: 'string?',
    labels: 'array?',
    mimeType: 'string?',
    size: 'number?',
    sha256: 'string?',
    status: 'string',
    error: 'string?',
    createdAt: 'string?',
    updatedAt: 'string?',
  });
  return withRaw<FileDoc>(
    {
      id: p.id,
      libraryId: p.libraryId,
      name: p.name,
      path: p.path ?? null,
      labels: (p.labels ?? []).filter((l): l is string => typeof l === 'string'),
      publicUrl: null,
      mimeType: p.mimeType ?? null,
      size: p.size ?? null,
      hash: p.sha256 ?? null,
      status: statusFrom(STATUS_WORDS, p.status),
      providerStatus: p.status,
      summary: null,
      pages: null,
      attributes: {},
      createdAt: p.createdAt ?? null,
      updatedAt: p.updatedAt ?? null,
      error: p.error ?? null,
      textNote: null,
    },
    p,
  );
}

/** Access levels: 1 read is lib's viewer, 2 write its editor. */
export const LEVELS: Record<ShareLevel, number> = { viewer: 1, editor: 2 };

export function toShare(libraryId: string, payload: unknown): Share {
  const p = checked<SharePayload>(payload, 'the hal share', {
    principalId: 'string',
    principalType: 'string',
    accessLevel: 'number',
  });
  const level = p.accessLevel >= 2 ? 'editor' : 'viewer';
  // Teams are principals too; their ids say so (team:data-science).
  return withRaw<Share>({ libraryId, principalType: 'user', principalId: p.principalId, level }, p);
}
