/**
 * Store rows as Mistral's payloads (Library, Document, ProcessingStatus,
 * Sharing), with every field the spec marks required and every one the
 * official SDK's schemas parse: dates as ISO 8601 with an offset (Z),
 * nullable fields present as null rather than missing.
 */
import type { PrincipalType, Status } from '../../model.js';
import { isTextLike, type FileRow, type LibraryRow, type ShareRow } from '../../store/index.js';

const ENTITY: Record<PrincipalType, string> = { user: 'User', workspace: 'Workspace', org: 'Org' };
const ROLE: Record<ShareRow['level'], string> = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' };

export const entityWord = (t: PrincipalType): string => ENTITY[t];
export const roleWord = (level: ShareRow['level']): string => ROLE[level];

/** `shares` is listShares(lib.id): the owner's row first, then the shares. */
export function libraryPayload(lib: LibraryRow, shares: ShareRow[]) {
  const rows = shares.filter((s) => s.level !== 'owner');
  const org = rows.find((s) => s.principalType === 'org');
  return {
    id: lib.id,
    name: lib.name,
    created_at: lib.createdAt,
    updated_at: lib.updatedAt,
    owner_id: lib.ownerId,
    // The store's owner is always a user (see libraries.ts on owner_type "Workspace").
    owner_type: 'User',
    total_size: lib.size,
    nb_documents: lib.documents,
    chunk_size: lib.chunkSize,
    emoji: null,
    description: lib.description,
    generated_description: null,
    explicit_user_members_count: rows.filter((s) => s.principalType === 'user').length,
    explicit_workspace_members_count: rows.filter((s) => s.principalType === 'workspace').length,
    org_sharing_role: org ? roleWord(org.level) : null,
    generated_name: null,
  };
}

/** The store's neutral state in Mistral's process_status words. */
const PROCESS_STATUS: Record<Status, 'todo' | 'in_progress' | 'done' | 'error'> = {
  pending: 'todo',
  processing: 'in_progress',
  ready: 'done',
  failed: 'error',
};

export function processStatus(file: FileRow): 'todo' | 'in_progress' | 'done' | 'error' {
  return PROCESS_STATUS[file.status];
}

export function documentPayload(file: FileRow) {
  const done = file.status === 'ready';
  return {
    id: file.id,
    library_id: file.libraryId,
    hash: file.hash,
    mime_type: file.mimeType,
    extension: file.extension,
    size: file.size,
    name: file.name,
    summary: file.summary,
    created_at: file.createdAt,
    last_processed_at: done ? file.processingDoneAt : null,
    // Text documents are one page here; other types have no pages we can count.
    number_of_pages: file.pages ?? (isTextLike(file.name, file.mimeType) ? 1 : null),
    process_status: processStatus(file),
    uploaded_by_id: file.uploadedBy,
    uploaded_by_type: 'User',
    tokens_processing_main_content: null,
    tokens_processing_summary: null,
    url: null,
    attributes: file.attributes,
    expires_at: null,
    // Deprecated twin of process_status, required by the spec: same word.
    processing_status: processStatus(file),
    tokens_processing_total: 0,
  };
}

export function statusPayload(file: FileRow) {
  return { document_id: file.id, process_status: processStatus(file), processing_status: processStatus(file) };
}

export function sharingPayload(share: ShareRow, orgId: string) {
  return {
    library_id: share.libraryId,
    user_id: share.principalType === 'user' ? share.principalId : null,
    org_id: orgId,
    role: roleWord(share.level),
    share_with_type: entityWord(share.principalType),
    share_with_uuid: share.principalId,
  };
}
