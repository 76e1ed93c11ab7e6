import { isTextLike } from '../../store/index.js';
const ENTITY = { user: 'User', workspace: 'Workspace', org: 'Org' };
const ROLE = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' };
export const entityWord = (t) => ENTITY[t];
export const roleWord = (level) => ROLE[level];
/** `shares` is listShares(lib.id): the owner's row first, then the shares. */
export function libraryPayload(lib, shares) {
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
export function documentPayload(file) {
    const done = file.processStatus === 'done';
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
        process_status: file.processStatus,
        uploaded_by_id: file.uploadedBy,
        uploaded_by_type: 'User',
        tokens_processing_main_content: null,
        tokens_processing_summary: null,
        url: null,
        attributes: file.attributes,
        expires_at: null,
        // Deprecated twin of process_status, required by the spec: same word.
        processing_status: file.processStatus,
        tokens_processing_total: 0,
    };
}
export function statusPayload(file) {
    return { document_id: file.id, process_status: file.processStatus, processing_status: file.processStatus };
}
export function sharingPayload(share, orgId) {
    return {
        library_id: share.libraryId,
        user_id: share.principalType === 'user' ? share.principalId : null,
        org_id: orgId,
        role: roleWord(share.level),
        share_with_type: entityWord(share.principalType),
        share_with_uuid: share.principalId,
    };
}
//# sourceMappingURL=payloads.js.map