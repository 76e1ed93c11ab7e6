export const libPath = (libraryId) => `/v1/libraries/${encodeURIComponent(libraryId)}`;
export const docPath = (libraryId, documentId) => `${libPath(libraryId)}/documents/${encodeURIComponent(documentId)}`;
//# sourceMappingURL=context.js.map