/**
 * The store's rows and inputs: camelCase objects, JSON columns parsed. These
 * are the store's own shapes; providers/local maps them onto the uniform model
 * and server/ onto each vendor's payloads.
 */
import type { PrincipalType, ShareLevel, Status } from '../model.js';

export type AccessLevel = 'owner' | ShareLevel;

export interface PrincipalRow {
  id: string;
  name: string;
  /** A team is a principal named `team:NAME` whose members act for it (see teams.ts). */
  kind: 'user' | 'team';
  orgId: string | null;
  workspaceId: string | null;
  createdAt: string;
}

export interface LibraryRow {
  id: string;
  ownerId: string;
  name: string;
  description: string | null;
  chunkSize: number | null;
  type: string | null;
  data: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
  /** Number of files. */
  documents: number;
  /** Total bytes of its files. */
  size: number;
  /** Number of share rows (the owner is not one). */
  shareCount: number;
  /** Unique among the owner's libraries; made from the name at creation (hal's natural id is owner:slug). */
  slug: string;
  /** Marked shared by its owner (hal's `shared`); shares work whatever this says. */
  shared: boolean;
  /** Minutes between automatic syncs from the library's source; null: none. */
  syncInterval: number | null;
  /** When the last sync from the library's source finished; null: never. */
  syncedAt: string | null;
  /** The embedded integration of a cloud drive (hal), as its dialect keeps it; never a secret. */
  integration: Record<string, unknown> | null;
}

export interface FileRow {
  id: string;
  libraryId: string;
  name: string;
  /** '' at the library's root. */
  path: string;
  labels: string[];
  publicUrl: string | null;
  attributes: Record<string, unknown>;
  mimeType: string | null;
  extension: string | null;
  size: number;
  /** sha256 of the content, hex; also the blob's address. */
  hash: string;
  summary: string | null;
  pages: number | null;
  /** Why the extracted text is cut or missing; null when it is whole. */
  textNote: string | null;
  uploadedBy: string | null;
  processingStartedAt: string;
  processingDoneAt: string;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  /**
   * The store's own word (pending, processing, ready, failed), derived from the
   * processing timestamps and the store's clock at read time; each dialect and
   * provider maps it to its vendor's words.
   */
  status: Status;
}

export interface ShareRow {
  libraryId: string;
  principalType: PrincipalType;
  principalId: string;
  level: ShareLevel | 'owner';
  /** null for the owner's synthetic row. */
  createdAt: string | null;
}

export interface PrincipalInput {
  name: string;
  /** A fixed id (e.g. from configuration); a random uuid otherwise. */
  id?: string;
  orgId?: string | null;
  workspaceId?: string | null;
}

export interface LibraryInput {
  /** A pre-generated id (hal's create takes one); a random uuid otherwise. */
  id?: string;
  ownerId: string;
  name: string;
  description?: string | null;
  chunkSize?: number | null;
  type?: string | null;
  data?: Record<string, unknown> | null;
  shared?: boolean;
  syncInterval?: number | null;
  integration?: Record<string, unknown> | null;
}

export interface LibraryPatch {
  name?: string;
  description?: string | null;
  chunkSize?: number | null;
  data?: Record<string, unknown> | null;
  /** Hands the library to another principal (hal's owner). Existing shares stay. */
  ownerId?: string;
  shared?: boolean;
  syncInterval?: number | null;
}

export interface Page {
  /** No limit when undefined. */
  limit?: number;
  offset?: number;
}

export interface LibraryQuery extends Page {
  /** Case-insensitive substring of the name or description. */
  search?: string;
  /** name | createdAt | updatedAt | size | documents, '-' prefix for descending. Default name. */
  sort?: string;
  /** Only libraries this principal owns or that are shared with it, its workspace or its org. */
  visibleTo?: string;
  ownerId?: string;
}

export interface FileQuery extends Page {
  /** FTS5 match over name and text, or a case-insensitive substring of the name. */
  search?: string;
  /** Exact name. */
  name?: string;
  /** Literal, case-sensitive path prefix. */
  pathPrefix?: string;
  /** Exact path. */
  path?: string;
  /** Exact, case-sensitive label; several: the file carries every one. */
  label?: string | readonly string[];
  /** Every key equal to its value (type included). */
  attributes?: Record<string, string | number | boolean>;
  /** The derived status. */
  status?: Status;
  /** name | createdAt | updatedAt | size, '-' prefix for descending. Default createdAt. */
  sort?: string;
}

export interface PutFileInput {
  libraryId: string;
  /** A plain name: no '/', '\\', NUL, '.' or '..'. */
  name: string;
  path?: string;
  content: AsyncIterable<Uint8Array> | Uint8Array;
  mimeType?: string;
  labels?: string[];
  publicUrl?: string | null;
  attributes?: Record<string, unknown>;
  summary?: string | null;
  pages?: number | null;
  uploadedBy?: string | null;
  /** Replace the file with the same (path, name) instead of a ConflictError. */
  overwrite?: boolean;
  /** Mistral: same content already in the library -> that row, outcome 'unchanged'. */
  dedupeByHash?: boolean;
  /** pending for the first half of this, processing for the second. Default 0: ready at once. */
  processingMs?: number;
  signal?: AbortSignal;
}

export type PutOutcome = 'created' | 'replaced' | 'unchanged';

export interface PutFileResult {
  file: FileRow;
  outcome: PutOutcome;
}

export interface FilePatch {
  name?: string;
  /** Replaces all labels (applied before add/remove). */
  labels?: string[];
  addLabels?: string[];
  removeLabels?: string[];
  publicUrl?: string | null;
  /** Merged into the attributes; a key set to null is removed. */
  attributes?: Record<string, unknown>;
  summary?: string | null;
}
