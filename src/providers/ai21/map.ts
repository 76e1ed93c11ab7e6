/** AI21's file objects onto the uniform model; the payload rides along for --raw. */
import { withRaw, type FileDoc, type Library } from '../../model.js';
import { checked } from '../shared/shape.js';
import { statusFrom, type StatusWords } from '../shared/status.js';

/** A file as AI21 Studio answers it (seed 003; the SDKs' FileResponse). */
export interface FilePayload {
  fileId: string;
  name: string;
  path?: string | null;
  fileType?: string | null;
  sizeBytes?: number | null;
  labels?: string[] | null;
  publicUrl?: string | null;
  createdBy?: string | null;
  creationDate?: string | null;
  lastUpdated?: string | null;
  status: string;
  errorCode?: number | null;
  errorMessage?: string | null;
}

/** AI21's file states (seeds 001 and 003). */
export const STATUS_WORDS: StatusWords = {
  db_record_created: 'pending',
  uploaded: 'pending',
  processing: 'processing',
  processed: 'ready',
  upload_failed: 'failed',
  processing_failed: 'failed',
};

/** The id lib gives the account's one library (the API has none). */
export const LIBRARY_ID = 'ai21';
export const LIBRARY_NAME = 'AI21 Studio library';

/** AI21's path ("desktop/folder", null at the root) as every provider shows a folder: "desktop/folder/", "". */
export function folderOf(path: string | null | undefined): string {
  const parts = (path ?? '').split('/').filter((s) => s !== '' && s !== '.');
  return parts.length ? `${parts.join('/')}/` : '';
}

export function toFile(payload: unknown): FileDoc {
  const p = checked<FilePayload>(payload, 'the ai21 file', {
    fileId: 'string',
    name: 'string',
    path: 'string?',
    fileType: 'string?',
    sizeBytes: 'number?',
    labels: 'array?',
    publicUrl: 'string?',
    creationDate: 'string?',
    lastUpdated: 'string?',
    status: 'string',
    errorMessage: 'string?',
  });
  return withRaw<FileDoc>(
    {
      id: p.fileId,
      libraryId: LIBRARY_ID,
      name: p.name,
      path: folderOf(p.path),
      labels: (p.labels ?? []).filter((l): l is string => typeof l === 'string'),
      publicUrl: p.publicUrl || null,
      mimeType: p.fileType ?? null,
      size: p.sizeBytes ?? null,
      // AI21 reports no content hash.
      hash: null,
      status: statusFrom(STATUS_WORDS, p.status),
      providerStatus: p.status,
      summary: null,
      pages: null,
      attributes: {},
      createdAt: p.creationDate ?? null,
      updatedAt: p.lastUpdated ?? null,
      error: p.errorMessage ?? null,
      textNote: null,
    },
    p,
  );
}

/**
 * The account's one library, counted from the listing (files null: not counted). The API has no payload
 * for it: --raw shows this model.
 */
export function theLibrary(files: FileDoc[] | null): Library {
  const times = (pick: (f: FileDoc) => string | null) =>
    (files ?? [])
      .map(pick)
      .filter((t): t is string => t !== null)
      .sort();
  const created = times((f) => f.createdAt);
  const updated = times((f) => f.updatedAt);
  const library: Library = {
    id: LIBRARY_ID,
    name: LIBRARY_NAME,
    description: "the account's one library",
    naturalId: null,
    type: null,
    ownerId: null,
    shared: null,
    documents: files && files.length,
    size: files && files.reduce((n, f) => n + (f.size ?? 0), 0),
    // The API says nothing of the library itself; its files' times are the best there is.
    createdAt: created[0] ?? null,
    updatedAt: updated.at(-1) ?? null,
    syncedAt: null,
    syncInterval: null,
    driver: null,
    permissions: null,
  };
  return library;
}
