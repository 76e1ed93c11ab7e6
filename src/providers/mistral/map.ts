/** Mistral payloads onto the uniform model (DESIGN.md "The uniform model"), and back for requests. */
import {
  withRaw,
  type FileDoc,
  type FileStatus,
  type Library,
  type PrincipalType,
  type Share,
  type ShareLevel,
  type Status,
} from '../../model.js';
import type {
  DocumentPayload,
  EntityType,
  LibraryPayload,
  ProcessingStatusPayload,
  ShareEnum,
  SharingPayload,
} from './payloads.js';
import { checked } from '../shared/shape.js';
import { statusFrom, type StatusWords } from '../shared/status.js';

export function toLibrary(payload: unknown): Library {
  const p = checked<LibraryPayload>(payload, 'the library', {
    id: 'string',
    name: 'string',
    description: 'string?',
    owner_id: 'string?',
    nb_documents: 'number?',
    total_size: 'number?',
    created_at: 'string?',
    updated_at: 'string?',
  });
  return withRaw<Library>(
    {
      id: p.id,
      name: p.name,
      description: p.description ?? null,
      naturalId: null,
      type: null,
      ownerId: p.owner_id ?? null,
      // Mistral reports sharing only through deprecated member counts; rather than guess, say nothing.
      shared: null,
      documents: p.nb_documents ?? null,
      size: p.total_size ?? null,
      createdAt: p.created_at ?? null,
      updatedAt: p.updated_at ?? null,
      syncedAt: null,
      syncInterval: null,
      driver: null,
      permissions: null,
    },
    p,
  );
}

export function toFile(payload: unknown): FileDoc {
  const p = checked<DocumentPayload>(payload, 'the document', {
    id: 'string',
    library_id: 'string',
    name: 'string',
    mime_type: 'string?',
    size: 'number?',
    hash: 'string?',
    process_status: 'string?',
    summary: 'string?',
    number_of_pages: 'number?',
    attributes: 'object?',
    created_at: 'string?',
    last_processed_at: 'string?',
  });
  const providerStatus = p.process_status ?? null;
  return withRaw<FileDoc>(
    {
      id: p.id,
      libraryId: p.library_id,
      name: p.name,
      path: null,
      labels: [],
      publicUrl: null,
      mimeType: p.mime_type ?? null,
      size: p.size ?? null,
      hash: p.hash ?? null,
      status: normalizeStatus(providerStatus),
      providerStatus,
      summary: p.summary ?? null,
      pages: p.number_of_pages ?? null,
      attributes: p.attributes ?? {},
      createdAt: p.created_at ?? null,
      updatedAt: p.last_processed_at ?? null,
      error: null,
      textNote: null, // Mistral does not say
    },
    p,
  );
}

export function toFileStatus(payload: unknown, libraryId: string, name: string): FileStatus {
  const p = checked<ProcessingStatusPayload>(payload, 'the processing status', {
    document_id: 'string',
    process_status: 'string?',
  });
  return withRaw<FileStatus>(
    {
      id: p.document_id,
      libraryId,
      name,
      status: normalizeStatus(p.process_status),
      providerStatus: p.process_status ?? null,
      error: null,
      textNote: null, // Mistral does not say
    },
    p,
  );
}

const ENTITY: Record<PrincipalType, EntityType> = { user: 'User', workspace: 'Workspace', org: 'Org' };
const LEVEL: Record<ShareLevel, ShareEnum> = { viewer: 'Viewer', editor: 'Editor' };

export const entityType = (t: PrincipalType): EntityType => ENTITY[t];
export const shareEnum = (l: ShareLevel): ShareEnum => LEVEL[l];

export function toShare(payload: unknown, libraryId: string): Share {
  const p = checked<SharingPayload>(payload, 'the share', {
    role: 'string',
    share_with_type: 'string',
    share_with_uuid: 'string?',
    library_id: 'string?',
    user_id: 'string?',
    org_id: 'string?',
  });
  const type = p.share_with_type.toLowerCase();
  const principalType = (type === 'organization' ? 'org' : type) as PrincipalType;
  // share_with_uuid can be null (e.g. the caller's own row); the deprecated ids then say who it is.
  const principalId = p.share_with_uuid ?? (principalType === 'org' ? p.org_id : p.user_id) ?? '';
  return withRaw<Share>(
    {
      libraryId: p.library_id ?? libraryId,
      principalType,
      principalId,
      // Viewer/Editor/Owner lowercased; an unknown role keeps the vendor's word rather than a guess.
      level: p.role.toLowerCase() as Share['level'],
    },
    p,
  );
}

/** Mistral's process_status words onto the normalized status (see ../shared/status.ts). */
const STATUS_WORDS: StatusWords = {
  todo: 'pending',
  waiting_for_capacity: 'pending',
  in_progress: 'processing',
  done: 'ready',
  noop: 'ready',
  self_managed: 'ready',
  error: 'failed',
  missing_content: 'failed',
};

export function normalizeStatus(word: string | null | undefined): Status {
  return statusFrom(STATUS_WORDS, word);
}
