import type { Command } from 'commander';
import { supportedBy } from '../../providers/registry.js';
import type { Factory } from '../../factory.js';
import { need } from '../../providers/types.js';
import { spinner } from '../../output/progress.js';
import { printOne } from '../../output/render.js';
import { libraryDetail } from '../../output/views.js';
import { examples, positiveInt, quote, requireCapabilities } from '../shared.js';

export interface SyncOptions {
  library: string;
  wait?: boolean;
  timeout?: number;
}

export function register(parent: Command, f: Factory, runF = run): void {
  const cmd = parent
    .command('sync')
    .description(`Start a library's sync from its drive (${supportedBy('remoteSync')})`)
    .argument('<library>', 'library id, unique name or owner:slug')
    .option('--wait', 'wait until the sync is over (syncedAt moved)')
    .option('--timeout <seconds>', 'with --wait: give up after this long (default 600)', positiveInt('--timeout'))
    .action((library: string, opts: Omit<SyncOptions, 'library'>) => runF(f, { ...opts, library }));
  examples(cmd, ['lib library sync alice:eng-drive', 'lib library sync team:data-science:eng-drive --wait']);
}

export async function run(f: Factory, opts: SyncOptions): Promise<void> {
  requireCapabilities(f, [['remoteSync', 'library sync', true]]);
  const output = f.output();
  const provider = await f.provider();
  const sync = need(provider, 'syncLibrary', 'library sync');
  const library = await provider.resolveLibrary(opts.library);
  const progress = opts.wait ? spinner(f.io, `Syncing ${quote(library.name)}`) : undefined;
  let synced;
  try {
    synced = await sync(library.id, {
      wait: opts.wait,
      deadline: opts.wait ? f.clock.now() + (opts.timeout ?? 600) * 1000 : undefined,
      signal: f.signal,
      onProgress: (state) => progress?.text(`Syncing ${quote(library.name)}: ${state}`),
    });
  } finally {
    progress?.stop();
  }
  if (output.mode === 'human') {
    f.io.err.write(
      opts.wait
        ? `Synced library ${quote(synced.name)} (${synced.syncedAt ?? 'not yet'})\n`
        : `Started a sync of library ${quote(synced.name)}; lib library sync --wait waits for it\n`,
    );
  }
  await printOne(f.io, output, libraryDetail, synced);
}
