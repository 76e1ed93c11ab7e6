import { fromStoreError } from '../http.js';
import { Issues, pathUuid } from '../validation.js';
import { documentIn, libraryFor } from './access.js';
import { statusPayload } from './payloads.js';
function target(call, need, issues = new Issues()) {
    const libraryId = pathUuid(call.params, 'library_id', issues);
    const documentId = pathUuid(call.params, 'document_id', issues);
    issues.check();
    const lib = libraryFor(call, libraryId, need);
    return { lib, file: documentIn(call, lib, documentId) };
}
export async function textContent(call) {
    const q = call.url.searchParams;
    const issues = new Issues();
    const start = q.has('page_start') ? issues.int(q.get('page_start'), ['query', 'page_start']) : undefined;
    const end = q.has('page_end') ? issues.int(q.get('page_end'), ['query', 'page_end']) : undefined;
    const { file } = target(call, 'read', issues);
    const coversPageOne = (start ?? 1) <= 1 && (end ?? 1) >= 0;
    const text = coversPageOne ? (call.env.store.getText(file.id) ?? '') : '';
    return { status: 200, json: { text } };
}
export async function documentStatus(call) {
    return { status: 200, json: statusPayload(target(call, 'read').file) };
}
export async function signedUrl(call) {
    const { file } = target(call, 'read');
    return { status: 200, json: call.env.signer.sign(call.baseUrl, file.id, 'raw') };
}
export async function extractedTextSignedUrl(call) {
    const { file } = target(call, 'read');
    return { status: 200, json: call.env.signer.sign(call.baseUrl, file.id, 'text') };
}
/** Processing starts over (todo -> in_progress -> done again); 204 as the spec says. */
export async function reprocess(call) {
    const { lib, file } = target(call, 'write');
    try {
        await call.env.store.reprocessFile(file.id, { processingMs: call.env.processingMs, libraryId: lib.id });
    }
    catch (err) {
        throw fromStoreError(err) ?? err;
    }
    return { status: 204 };
}
//# sourceMappingURL=content.js.map