import type { Command } from 'commander';
import { CancelError, FailedError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { type FileDoc, isTerminal, type Library } from '../../model.js';
import { spinner } from '../../output/progress.js';
import { printList } from '../../output/render.js';
import { fileList } from '../../output/views.js';
import type { Provider } from '../../providers/types.js';
import { examples, nonNegativeNumber, positiveInt, quote } from '../shared.js';
import { libraryOption, libraryRef } from './shared.js';

export interface WaitOptions {
  files: string[];
  library?: string;
  timeout?: number;
  interval?: number;
}

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = libraryOption(
    parent
      .command('wait')
      .description('Wait until files are processed (ready or failed)')
      .argument('<files...>', 'file ids or unique names'),
  )
    .option('--timeout <seconds>', 'give up after this many seconds (default 600)', positiveInt('--timeout'))
    .option('--interval <seconds>', 'seconds between polls (default 1)', nonNegativeNumber('--interval'))
    .action((files: string[], opts: Omit<WaitOptions, 'files'>) => runF(f, { ...opts, files }));
  examples(cmd, [
    'lib file wait handbook.pdf --library docs',
    'lib file wait $(lib file list -l docs --status pending -q) -l docs --timeout 120',
  ]);
}

export async function run(f: Factory, opts: WaitOptions): Promise<void> {
  const output = f.output();
  const provider = await f.provider();
  const library = await provider.resolveLibrary(libraryRef(f, opts.library));
  const files: FileDoc[] = [];
  for (const ref of opts.files) files.push(await provider.resolveFile(library.id, ref));
  const final = await waitFor(f, provider, library, files, opts.timeout ?? 600, opts.interval);
  await printList(f.io, output, fileList, final);
}

/**
 * Poll each file's status until all are ready or failed. Times out with exit 1
 * naming the files still pending; a failed file is an error too (exit 1), after
 * the final states are known.
 */
export async function waitFor(
  f: Factory,
  provider: Provider,
  library: Library,
  files: FileDoc[],
  timeoutSeconds: number,
  intervalSeconds = 1,
): Promise<FileDoc[]> {
  const deadline = f.clock.now() + timeoutSeconds * 1000;
  const pending = new Map(files.filter((x) => !isTerminal(x.status)).map((x) => [x.id, x]));
  const progress = spinner(f.io, `Waiting for ${pending.size} file(s) to be processed`);
  try {
    while (pending.size > 0) {
      for (const file of [...pending.values()]) {
        const status = await provider.fileStatus(library.id, file.id);
        if (isTerminal(status.status)) pending.delete(file.id);
      }
      if (pending.size === 0) break;
      progress.text(`Waiting for ${pending.size} file(s) to be processed`);
      if (f.clock.now() >= deadline) {
        const names = [...pending.values()].map((x) => quote(x.name)).join(', ');
        throw new FailedError(`timed out after ${timeoutSeconds}s waiting for ${names}`);
      }
      try {
        await f.clock.sleep(Math.min(intervalSeconds * 1000, Math.max(0, deadline - f.clock.now())), f.signal);
      } catch {
        throw new CancelError('interrupted');
      }
    }
  } finally {
    progress.stop();
  }
  const final = await Promise.all(files.map((x) => provider.resolveFile(library.id, x.id)));
  const failed = final.filter((x) => x.status === 'failed');
  if (failed.length > 0) {
    throw new FailedError(
      `processing failed for ${failed.map((x) => `${quote(x.name)}${x.error ? ` (${x.error})` : ''}`).join(', ')}`,
    );
  }
  return final;
}
