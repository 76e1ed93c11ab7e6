import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { printOne } from '../../output/render.js';
import { fileDetail } from '../../output/views.js';
import { collect, collectLabel, examples, nonEmpty, parseAttributes, requireCapabilities } from '../shared.js';
import { libraryOption, resolveTarget } from './shared.js';

export interface UpdateOptions {
  file: string;
  library?: string;
  name?: string;
  label?: string[];
  addLabel?: string[];
  removeLabel?: string[];
  publicUrl?: string;
  attribute?: string[];
  removeAttribute?: string[];
}

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = libraryOption(
    parent
      .command('update')
      .alias('edit')
      .description("Change a file's name, labels, public URL or attributes")
      .argument('<file>', 'file id or unique name'),
  )
    .option('--name <name>', 'new name')
    .option('--label <label>', 'set the labels, replacing the current ones (repeatable)', collectLabel)
    .option('--add-label <label>', 'add a label, keeping the others (repeatable)', collectLabel)
    .option('--remove-label <label>', 'remove a label, keeping the others (repeatable)', collectLabel)
    .option('--public-url <url>', 'new public URL')
    .option(
      '--attribute <key=value>',
      'set an attribute: KEY=TEXT keeps text, KEY:=JSON a number, boolean or list (repeatable)',
      collect,
    )
    .option('--remove-attribute <key>', 'remove an attribute (repeatable)', collect)
    .action((file: string, opts: Omit<UpdateOptions, 'file'>) => runF(f, { ...opts, file }));
  examples(cmd, [
    'lib file update handbook.pdf -l docs --name handbook-2024.pdf',
    'lib file update handbook.pdf -l docs --add-label hr --remove-label draft',
    'lib file update handbook.pdf -l docs --attribute version=1.10 --attribute year:=2024 --remove-attribute draft',
  ]);
}

export async function run(f: Factory, opts: UpdateOptions): Promise<void> {
  requireCapabilities(f, [
    [
      'labels',
      'labels (--label, --add-label, --remove-label)',
      [...(opts.label ?? []), ...(opts.addLabel ?? []), ...(opts.removeLabel ?? [])],
    ],
    ['publicUrl', 'public URLs (--public-url)', opts.publicUrl],
    ['attributes', 'attributes (--attribute)', [...(opts.attribute ?? []), ...(opts.removeAttribute ?? [])]],
    ['rename', 'renaming (--name)', opts.name],
  ]);
  const { name, label, addLabel, removeLabel, publicUrl, attribute, removeAttribute } = opts;
  if ([name, label, addLabel, removeLabel, publicUrl, attribute, removeAttribute].every((v) => v === undefined)) {
    throw new UsageError(
      'nothing to update: pass --name, --label, --add-label, --remove-label, --public-url, --attribute or --remove-attribute',
    );
  }
  if (label && (addLabel || removeLabel))
    throw new UsageError('--label replaces all labels; it cannot be combined with --add-label or --remove-label');
  if (name !== undefined) nonEmpty('--name', name);
  const attributes = parseAttributes(attribute, removeAttribute);
  const output = f.output();
  const { provider, library, file } = await resolveTarget(f, opts.library, opts.file);
  const updated = await provider.updateFile(library.id, file.id, {
    name,
    labels: label,
    addLabels: addLabel,
    removeLabels: removeLabel,
    publicUrl,
    attributes,
  });
  await printOne(f.io, output, fileDetail, updated);
}
