import { LibError, PartialError } from '../../errors.js';
export function libraryOption(cmd) {
    return cmd.requiredOption('-l, --library <library>', 'library id or unique name');
}
export async function resolveTarget(f, libraryRef, fileRef) {
    const provider = await f.provider();
    const library = await provider.resolveLibrary(libraryRef);
    const file = await provider.resolveFile(library.id, fileRef);
    return { provider, library, file };
}
/**
 * Run work over items with bounded concurrency. One item: its own error
 * propagates (so a conflict still exits 5). Several: failures are reported
 * per item on stderr and summarized in a PartialError (exit 6).
 */
export async function runBulk(f, items, label, work, concurrency = 1) {
    const results = new Array(items.length);
    const failures = [];
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            const item = items[index];
            try {
                results[index] = await work(item);
            }
            catch (err) {
                if (items.length === 1 || f.signal.aborted)
                    throw err;
                const message = err instanceof Error ? err.message : String(err);
                failures.push({ item: label(item), error: message });
                f.io.err.write(`lib: ${label(item)}: ${message}\n`);
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
    if (failures.length > 0) {
        throw new PartialError(`${failures.length} of ${items.length} failed: ${failures.map((x) => x.item).join(', ')}`, failures);
    }
    return results;
}
export function isLibError(err) {
    return err instanceof LibError;
}
//# sourceMappingURL=shared.js.map