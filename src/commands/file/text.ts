import { terminalSafe } from '../../output/format.js';
import { need } from '../../providers/types.js';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { write } from '../../output/io.js';
import type { TextOptions } from '../../providers/types.js';
import { examples, requireCapabilities } from '../shared.js';
import { libraryOption, resolveTarget } from './shared.js';

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = libraryOption(
    parent
      .command('text')
      .description('Print the text extracted from a file')
      .argument('<file>', 'file id or unique name'),
  )
    .option('--pages <range>', 'only these pages, e.g. 3 or 2-5 (where the provider has pages)')
    .action((file: string, opts: { library?: string; pages?: string }) => runF(f, { file, ...opts }));
  examples(cmd, [
    'lib file text notes.md --library docs',
    'lib file text report.pdf -l docs --pages 1-3 | grep -i revenue',
  ]);
}

export function parsePages(range: string | undefined): TextOptions {
  if (range === undefined) return {};
  const m = /^(\d+)(?:-(\d+))?$/.exec(range.trim());
  const from = m ? Number(m[1]) : 0;
  const to = m?.[2] !== undefined ? Number(m[2]) : from;
  if (!m || from < 1 || to < from)
    throw new UsageError(`invalid --pages "${range}": expected N or N-M with 1 <= N <= M`);
  return { fromPage: from, toPage: to };
}

export async function run(f: Factory, opts: { file: string; library?: string; pages?: string }): Promise<void> {
  requireCapabilities(f, [
    ['text', 'extracted text', true],
    ['pages', 'page ranges (--pages)', opts.pages],
  ]);
  const pages = parsePages(opts.pages);
  const output = f.output();
  const { provider, library, file } = await resolveTarget(f, opts.library, opts.file);
  // Text cut at the cap or missing (a scanned PDF) is said on stderr (and in JSON), never left for the reader to guess.
  let textNote: string | null = null;
  const text = await need(provider, 'fileText', 'extracted text')(library.id, file.id, {
    ...pages,
    onNote: (note) => {
      textNote = note;
      f.io.err.write(`lib: note: ${terminalSafe(note)}\n`);
    },
  });
  if (output.mode === 'json' || output.mode === 'ndjson') {
    const json = { id: file.id, libraryId: library.id, name: file.name, text, textNote };
    await write(f.io.out, JSON.stringify(json) + '\n');
  } else {
    await write(f.io.out, text.endsWith('\n') || text === '' ? text : text + '\n');
  }
}
