/** Store rows onto the uniform model; the row itself rides along for --raw. */
import { withRaw } from '../../model.js';
export function toLibrary(row) {
    return withRaw({
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
    }, row);
}
export function toFile(row) {
    return withRaw({
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
        providerStatus: row.processStatus,
        summary: row.summary,
        pages: row.pages,
        attributes: row.attributes,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
        error: row.error,
    }, row);
}
export function toFileStatus(row) {
    return withRaw({
        id: row.id,
        libraryId: row.libraryId,
        name: row.name,
        status: row.status,
        providerStatus: row.processStatus,
        error: row.error,
    }, row);
}
export function toShare(row) {
    return withRaw({ libraryId: row.libraryId, principalType: row.principalType, principalId: row.principalId, level: row.level }, row);
}
//# sourceMappingURL=map.js.map