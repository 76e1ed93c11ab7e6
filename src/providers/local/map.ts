/** Store rows onto the uniform model; the row itself rides along for --raw. */
import { withRaw, type FileDoc, type FileStatus, type Library, type Share } from '../../model.js';
import type { FileRow, LibraryRow, ShareRow } from '../../store/index.js';

export function toLibrary(row: LibraryRow): Library {
  return withRaw<Library>(
    {
      id: row.id,
      name: row.name,
      description: row.description,
      naturalId: null,
      type: row.type,
      ownerId: row.ownerId,
      shared: row.shareCount > 0,
      documents: row.documents,
      size: row.size,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      syncedAt: null,
      syncInterval: null,
      driver: null,
      permissions: null,
    },
    row,
  );
}

export function toFile(row: FileRow): FileDoc {
  return withRaw<FileDoc>(
    {
      id: row.id,
      libraryId: row.libraryId,
      name: row.name,
      path: row.path,
      labels: row.labels,
      publicUrl: row.publicUrl,
      mimeType: row.mimeType,
      size: row.size,
      hash: row.hash,
      status: row.status,
      providerStatus: row.status, // the store's own word: local has no vendor
      summary: row.summary,
      pages: row.pages,
      attributes: row.attributes,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      error: row.error,
      textNote: row.textNote,
    },
    row,
  );
}

export function toFileStatus(row: FileRow): FileStatus {
  return withRaw<FileStatus>(
    {
      id: row.id,
      libraryId: row.libraryId,
      name: row.name,
      status: row.status,
      providerStatus: row.status, // the store's own word: local has no vendor
      error: row.error,
      textNote: row.textNote,
    },
    row,
  );
}

export function toShare(row: ShareRow): Share {
  return withRaw<Share>(
    { libraryId: row.libraryId, principalType: row.principalType, principalId: row.principalId, level: row.level },
    row,
  );
}
