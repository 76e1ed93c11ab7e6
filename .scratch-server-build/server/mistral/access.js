import { httpError } from '../http.js';
const WHAT = {
    write: 'You need editor access to this library for this operation',
    owner: 'Only the owner of this library can do this',
};
export function libraryFor(call, libraryId, need) {
    const { store } = call.env;
    const level = store.accessLevel(libraryId, call.caller.userId);
    const lib = level ? store.getLibrary(libraryId) : undefined;
    if (!level || !lib)
        throw httpError(404, 'Library not found');
    if (need === 'write' && level === 'viewer')
        throw httpError(403, WHAT.write);
    if (need === 'owner' && level !== 'owner')
        throw httpError(403, WHAT.owner);
    return lib;
}
/** A document of the library (a document id of another library is not found). */
export function documentIn(call, lib, documentId) {
    const file = call.env.store.getFile(documentId);
    if (!file || file.libraryId !== lib.id)
        throw httpError(404, 'Document not found');
    return file;
}
//# sourceMappingURL=access.js.map