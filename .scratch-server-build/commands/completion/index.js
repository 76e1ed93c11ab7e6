import fs from 'node:fs';
import { UsageError } from '../../errors.js';
import { write } from '../../output/io.js';
import { examples } from '../shared.js';
const SHELLS = ['bash', 'zsh', 'fish'];
export function register(program, f, runF = run) {
    const cmd = program
        .command('completion')
        .description('Print the shell completion script for bash, zsh or fish')
        .argument('<shell>', SHELLS.join(', '))
        .action((shell) => runF(f, { shell }));
    examples(cmd, [
        'lib completion bash > ~/.local/share/bash-completion/completions/lib',
        'lib completion zsh > "${fpath[1]}/_lib"',
        'lib completion fish > ~/.config/fish/completions/lib.fish',
    ]);
}
export async function run(f, opts) {
    if (!SHELLS.includes(opts.shell)) {
        throw new UsageError(`unsupported shell "${opts.shell}" (expected one of: ${SHELLS.join(', ')})`);
    }
    // The scripts live in completions/ at the package root, beside dist/.
    const file = new URL(`../../../completions/lib.${opts.shell}`, import.meta.url);
    await write(f.io.out, fs.readFileSync(file, 'utf8'));
}
//# sourceMappingURL=index.js.map