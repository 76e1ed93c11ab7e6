/**
 * Store rows as AI21 Studio's file objects (seed 003's "Retrieve Document"
 * fields, the names the official SDKs read), and the store's neutral states in
 * AI21's status words.
 */
import type { Status } from '../../model.js';
import type { FileRow } from '../../store/index.js';

/** Every status word AI21 documents (seed 001, and PROCESSING from seed 003's restrictions). */
export const AI21_STATUSES = [
  'DB_RECORD_CREATED',
  'UPLOADED',
  'PROCESSING',
  'PROCESSED',
  'UPLOAD_FAILED',
  'PROCESSING_FAILED',
] as const;
export type Ai21Status = (typeof AI21_STATUSES)[number];

/**
 * The store's states in AI21's words. A row exists only once its bytes are in,
 * so a new file is UPLOADED (never DB_RECORD_CREATED, and never UPLOAD_FAILED:
 * a failed upload leaves no row), then PROCESSING, then PROCESSED.
 */
const WORDS: Record<Status, Ai21Status> = {
  pending: 'UPLOADED',
  processing: 'PROCESSING',
  ready: 'PROCESSED',
  failed: 'PROCESSING_FAILED',
};

/** AI21's word onto the store's state; the words no row is ever in find nothing (null). */
export const STORE_STATUS: Record<Ai21Status, Status | null> = {
  DB_RECORD_CREATED: null,
  UPLOADED: 'pending',
  PROCESSING: 'processing',
  PROCESSED: 'ready',
  UPLOAD_FAILED: null,
  PROCESSING_FAILED: 'failed',
};

export const statusWord = (file: FileRow): Ai21Status => WORDS[file.status];

/** The store's folder "a/b/" as AI21 shows a path ("a/b", as uploaded); null at the root. */
export function shownPath(path: string): string | null {
  const p = path.replace(/\/+$/, '');
  return p === '' ? null : p;
}

export function filePayload(file: FileRow) {
  return {
    fileId: file.id,
    name: file.name,
    path: shownPath(file.path),
    fileType: file.mimeType,
    sizeBytes: file.size,
    labels: file.labels,
    publicUrl: file.publicUrl,
    createdBy: file.uploadedBy,
    creationDate: file.createdAt,
    lastUpdated: file.updatedAt,
    status: statusWord(file),
    errorCode: file.error === null ? null : 1,
    errorMessage: file.error,
  };
}
