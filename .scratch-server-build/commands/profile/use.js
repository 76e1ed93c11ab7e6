import { examples } from '../shared.js';
export function register(parent, f, runF = run) {
    const cmd = parent
        .command('use')
        .description('Make a profile the current one')
        .argument('<name>', 'the profile name (local is the built-in one)')
        .action((name) => runF(f, { name }));
    examples(cmd, ['lib profile use work', 'lib profile use local']);
}
export async function run(f, opts) {
    f.profiles().use(opts.name);
    f.io.err.write(`Now using profile "${opts.name}"\n`);
}
//# sourceMappingURL=use.js.map