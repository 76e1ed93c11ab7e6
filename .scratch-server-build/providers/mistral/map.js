/** Mistral payloads onto the uniform model (DESIGN.md "The uniform model"), and back for requests. */
import { normalizeStatus, withRaw, } from '../../model.js';
export function toLibrary(p) {
    return withRaw({
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
    }, p);
}
export function toFile(p) {
    const providerStatus = p.process_status ?? null;
    return withRaw({
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
    }, p);
}
export function toFileStatus(p, libraryId, name) {
    return withRaw({
        id: p.document_id,
        libraryId,
        name,
        status: normalizeStatus(p.process_status),
        providerStatus: p.process_status ?? null,
        error: null,
    }, p);
}
const ENTITY = { user: 'User', workspace: 'Workspace', org: 'Org' };
const LEVEL = { viewer: 'Viewer', editor: 'Editor' };
export const entityType = (t) => ENTITY[t];
export const shareEnum = (l) => LEVEL[l];
export function toShare(p, libraryId) {
    const type = p.share_with_type.toLowerCase();
    const principalType = (type === 'organization' ? 'org' : type);
    // share_with_uuid can be null (e.g. the caller's own row); the deprecated ids then say who it is.
    const principalId = p.share_with_uuid ?? (principalType === 'org' ? p.org_id : p.user_id) ?? '';
    return withRaw({
        libraryId: p.library_id ?? libraryId,
        principalType,
        principalId,
        // Viewer/Editor/Owner lowercased; an unknown role keeps the vendor's word rather than a guess.
        level: p.role.toLowerCase(),
    }, p);
}
//# sourceMappingURL=map.js.map