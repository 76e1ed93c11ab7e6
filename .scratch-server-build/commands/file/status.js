import { printOne } from '../../output/render.js';
import { fileStatus } from '../../output/views.js';
import { examples } from '../shared.js';
import { libraryOption, resolveTarget } from './shared.js';
export function register(parent, f, runF = run) {
    const cmd = libraryOption(parent.command('status').description("Show a file's processing status").argument('<file>', 'file id or unique name')).action((file, opts) => runF(f, { file, library: opts.library }));
    examples(cmd, ['lib file status handbook.pdf --library docs', 'lib file status handbook.pdf -l docs --json | jq -r .status']);
}
export async function run(f, opts) {
    const output = f.output();
    const { provider, library, file } = await resolveTarget(f, opts.library, opts.file);
    await printOne(f.io, output, fileStatus, await provider.fileStatus(library.id, file.id));
}
//# sourceMappingURL=status.js.map