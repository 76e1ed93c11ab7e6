/** What the file verbs share: --library resolution and bulk execution. */
import { type Command } from 'commander';
import { LibError, PartialError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import type { FileDoc, Library } from '../../model.js';
import type { Provider } from '../../providers/types.js';

export function libraryOption(cmd: Command): Command {
  return cmd.requiredOption('-l, --library <library>', 'library id or unique name');
}

export interface FileTarget {
  provider: Provider;
  library: Library;
  file: FileDoc;
}

export async function resolveTarget(f: Factory, libraryRef: string, fileRef: string): Promise<FileTarget> {
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
export async function runBulk<I, R>(
  f: Factory,
  items: I[],
  label: (item: I) => string,
  work: (item: I) => Promise<R>,
  concurrency = 1,
): Promise<R[]> {
  const results: (R | undefined)[] = new Array(items.length);
  const failures: { item: string; error: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index]!;
      try {
        results[index] = await work(item);
      } catch (err) {
        if (items.length === 1 || f.signal.aborted) throw err;
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
  return results as R[];
}

export function isLibError(err: unknown): err is LibError {
  return err instanceof LibError;
}
