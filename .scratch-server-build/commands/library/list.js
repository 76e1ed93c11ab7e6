import { printList } from '../../output/render.js';
import { libraryList } from '../../output/views.js';
import { examples, listLimit, positiveInt } from '../shared.js';
export function register(parent, f, runF = run) {
    const cmd = parent
        .command('list')
        .alias('ls')
        .description('List libraries')
        .option('--search <query>', 'only libraries whose name or description contains the query')
        .option('--sort <field>', 'sort by name, createdAt, updatedAt, size or documents; prefix - for descending')
        .option('--limit <n>', 'show at most n libraries (default 50)', positiveInt('--limit'))
        .option('--all', 'show every library, following pages')
        .action((opts) => runF(f, opts));
    examples(cmd, ['lib library list', 'lib library list --search team --sort -updatedAt', 'lib library list --all --json | jq -r ".[].name"']);
}
export async function run(f, opts) {
    const limits = listLimit(opts);
    const output = f.output();
    const provider = await f.provider();
    await printList(f.io, output, libraryList, provider.listLibraries({ search: opts.search, sort: opts.sort, ...limits }));
}
//# sourceMappingURL=list.js.map