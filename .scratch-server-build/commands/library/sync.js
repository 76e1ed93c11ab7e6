import { need } from '../../providers/types.js';
import { printOne } from '../../output/render.js';
import { libraryDetail } from '../../output/views.js';
import { examples } from '../shared.js';
export function register(parent, f, runF = run) {
    const cmd = parent
        .command('sync')
        .description("Trigger a library's sync with its source (hal)")
        .argument('<library>', 'library id, unique name or owner:slug')
        .action((library) => runF(f, { library }));
    examples(cmd, ['lib library sync alice:handbook']);
}
export async function run(f, opts) {
    const output = f.output();
    const provider = await f.provider();
    const sync = need(provider, 'syncLibrary', 'library sync');
    const library = await provider.resolveLibrary(opts.library);
    await printOne(f.io, output, libraryDetail, await sync(library.id));
}
//# sourceMappingURL=sync.js.map