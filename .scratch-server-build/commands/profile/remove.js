import { confirm, examples } from '../shared.js';
export function register(parent, f, runF = run) {
    const cmd = parent
        .command('remove')
        .alias('rm')
        .description('Remove a saved profile and its key')
        .argument('<name>', 'the profile name')
        .action((name) => runF(f, { name }));
    examples(cmd, ['lib profile remove old', 'lib profile remove ci -y']);
}
export async function run(f, opts) {
    const store = f.profiles();
    store.get(opts.name);
    await confirm(f, `Remove profile "${opts.name}" and its saved key?`);
    store.remove(opts.name);
    f.io.err.write(`Removed profile "${opts.name}"\n`);
}
//# sourceMappingURL=remove.js.map