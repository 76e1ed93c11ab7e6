import { printOne } from '../../output/render.js';
import { libraryDetail } from '../../output/views.js';
import { examples } from '../shared.js';
export function register(parent, f, runF = run) {
    const cmd = parent
        .command('get')
        .alias('view')
        .description('Show one library')
        .argument('<library>', 'library id or unique name')
        .action((library) => runF(f, { library }));
    examples(cmd, ['lib library get "Team Docs"', 'lib library get 0f3c... --json']);
}
export async function run(f, opts) {
    const output = f.output();
    const provider = await f.provider();
    await printOne(f.io, output, libraryDetail, await provider.resolveLibrary(opts.library));
}
//# sourceMappingURL=get.js.map