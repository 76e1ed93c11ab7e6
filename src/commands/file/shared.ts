/** What the file verbs share: --library resolution and bulk execution. */
import fs from 'node:fs';
import { type Command } from 'commander';
import {
  BulkFailedError,
  CancelError,
  ExitCode,
  type ExitCodeValue,
  LibError,
  PartialError,
  UsageError,
} from '../../errors.js';
import type { Factory } from '../../factory.js';
import type { FileDoc, Library } from '../../model.js';
import { extensionOf } from '../../mime.js';
import { REGISTRY, type UploadLimits } from '../../providers/registry.js';
import type { Provider } from '../../providers/types.js';
import { terminalSafe } from '../../output/format.js';

export function libraryOption(cmd: Command): Command {
  return cmd.option(
    '-l, --library <library>',
    "library id, unique name or id prefix (default: LIB_LIBRARY, or the profile's --library; ai21: its one library)",
  );
}

/** The library a file verb works in: --library, else LIB_LIBRARY, else the profile's default. */
export function libraryRef(f: Factory, given: string | undefined): string {
  // A provider with one account-wide library (ai21) needs no --library: that one is meant.
  const ref = given ?? f.effective().library?.value ?? REGISTRY[f.effective().provider.value].libraryId;
  if (ref === undefined || ref.trim() === '') {
    throw new UsageError('no library given: pass --library', {
      hint: 'Or set a default: LIB_LIBRARY=NAME, or lib profile add NAME --library LIBRARY',
    });
  }
  return ref;
}

export interface FileTarget {
  provider: Provider;
  library: Library;
  file: FileDoc;
}

export async function resolveTarget(f: Factory, given: string | undefined, fileRef: string): Promise<FileTarget> {
  const ref = libraryRef(f, given);
  const provider = await f.provider();
  const library = await provider.resolveLibrary(ref);
  const file = await provider.resolveFile(library.id, fileRef);
  return { provider, library, file };
}

/**
 * Run work over items with bounded concurrency. One item: its own error
 * propagates (so a conflict still exits 5). Several: failures are reported
 * per item on stderr and summarized in a PartialError (exit 6) when some
 * items succeeded, or in a BulkFailedError carrying the items' common exit
 * code when none did (every upload a conflict is a conflict, not a partial).
 */
export async function runBulk<I, R>(
  f: Factory,
  items: I[],
  label: (item: I) => string,
  work: (item: I) => Promise<R>,
  concurrency = 1,
): Promise<R[]> {
  const { results, error } = await runBulkSettled(f, items, label, work, concurrency);
  if (error) throw error;
  return results;
}

/**
 * runBulk that hands back what succeeded (in the order given) beside the
 * summary error, so a verb can still print the records it made (their ids
 * matter to a script) before failing.
 */
export async function runBulkSettled<I, R>(
  f: Factory,
  items: I[],
  label: (item: I) => string,
  work: (item: I) => Promise<R>,
  concurrency = 1,
  /** Where an item's failure line goes (above a progress bar); stderr by default. */
  report: (line: string) => void = (line) => f.io.err.write(`${line}\n`),
): Promise<{ results: R[]; error?: LibError }> {
  const results: { index: number; value: R }[] = [];
  const failed: { index: number; item: string; error: string; code: ExitCodeValue }[] = [];
  let next = 0;
  const worker = async () => {
    // After Ctrl-C nothing new starts; what finished is still returned, so it can be printed.
    while (next < items.length && !f.signal.aborted) {
      const index = next++;
      const item = items[index]!;
      try {
        results.push({ index, value: await work(item) });
      } catch (err) {
        if (items.length === 1) throw err;
        if (f.signal.aborted) return;
        const message = err instanceof Error ? err.message : String(err);
        failed.push({
          index,
          item: label(item),
          error: message,
          code: err instanceof LibError ? err.exitCode : ExitCode.failed,
        });
        // A server's error text and a file's name are data: no escape sequence reaches the terminal.
        const line = message.startsWith(`${label(item)}: `) ? message : `${label(item)}: ${message}`;
        report(`lib: ${terminalSafe(line)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  // In the order given, whatever order the work finished in.
  const done = results.sort((a, b) => a.index - b.index).map((r) => r.value);
  if (f.signal.aborted) return { results: done, error: new CancelError('interrupted') };
  if (failed.length === 0) return { results: done };
  failed.sort((a, b) => a.index - b.index);
  const failures = failed.map(({ item, error }) => ({ item, error }));
  const summary = `${failed.length} of ${items.length} failed: ${failures.map((x) => x.item).join(', ')}`;
  if (failed.length < items.length) return { results: done, error: new PartialError(summary, failures) };
  const codes = new Set(failed.map((x) => x.code));
  return {
    results: done,
    error: new BulkFailedError(summary, failures, codes.size === 1 ? failed[0]!.code : ExitCode.failed),
  };
}

/**
 * One error for a bulk command that ran in steps (resolve, then act): the
 * failures of every step against the number of items asked for.
 */
export function combined(total: number, errors: (LibError | undefined)[]): LibError | undefined {
  const failures = errors.flatMap((e) => (e instanceof PartialError || e instanceof BulkFailedError ? e.failures : []));
  const others = errors.filter(
    (e): e is LibError => e !== undefined && !(e instanceof PartialError || e instanceof BulkFailedError),
  );
  if (others.length > 0) return others[0];
  if (failures.length === 0) return undefined;
  const summary = `${failures.length} of ${total} failed: ${failures.map((x) => x.item).join(', ')}`;
  if (failures.length < total) return new PartialError(summary, failures);
  const codes = new Set(errors.map((e) => e?.exitCode).filter((c) => c !== undefined));
  return new BulkFailedError(summary, failures, codes.size === 1 ? [...codes][0]! : ExitCode.failed);
}

/**
 * Why a file breaks the provider's upload limits (type, size), checked before any byte is
 * sent ("the ai21 provider takes PDF, ... files only, not .png"); undefined when it does
 * not. Upload and sync both ask before uploading, and name the file themselves.
 */
export function beyondLimits(
  s: { name: string; filePath: string },
  limits: UploadLimits,
  provider: string,
): string | undefined {
  const ext = extensionOf(s.name);
  if (!ext || !limits.extensions.includes(ext)) {
    return `the ${provider} provider takes ${limits.types} files only, not ${ext ? `.${ext}` : 'files without an extension'}`;
  }
  const size = fs.statSync(s.filePath, { throwIfNoEntry: false })?.size ?? 0;
  if (size > limits.maxFileBytes) {
    return `${size.toLocaleString('en-US')} bytes is over the ${provider} provider's limit of ${limits.maxFileBytes.toLocaleString('en-US')} bytes (${limits.maxFileBytes / 1024 / 1024} MiB) a file`;
  }
  return undefined;
}
