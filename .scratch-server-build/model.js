/**
 * The uniform model: the JSON shapes `lib` prints, identical across providers.
 * camelCase; a field a provider lacks is null, never invented. Documented in
 * README.md ("JSON output"). Vendor payloads are mapped onto these in each
 * provider; `--raw` prints the vendor payload kept under RAW instead.
 */
export const STATUSES = ['pending', 'processing', 'ready', 'failed'];
export const PRINCIPAL_TYPES = ['user', 'workspace', 'org'];
export const SHARE_LEVELS = ['viewer', 'editor'];
/**
 * The vendor's own payload rides along on a model object as a non-enumerable
 * property, so JSON.stringify of the model never includes it but `--raw` can.
 */
export const RAW = Symbol('raw');
export function withRaw(model, raw) {
    Object.defineProperty(model, RAW, { value: raw, enumerable: false });
    return model;
}
export function rawOf(model) {
    const raw = model[RAW];
    return raw === undefined ? model : raw;
}
/** Vendor status words onto the normalized status (DESIGN.md "The uniform model"). */
const STATUS_WORDS = {
    todo: 'pending',
    waiting_for_capacity: 'pending',
    db_record_created: 'pending',
    uploaded: 'pending',
    in_progress: 'processing',
    done: 'ready',
    noop: 'ready',
    self_managed: 'ready',
    processed: 'ready',
    error: 'failed',
    missing_content: 'failed',
    upload_failed: 'failed',
    processing_failed: 'failed',
};
export function normalizeStatus(word) {
    if (!word)
        return 'pending';
    return STATUS_WORDS[word.toLowerCase()] ?? 'pending';
}
export function isTerminal(status) {
    return status === 'ready' || status === 'failed';
}
//# sourceMappingURL=model.js.map