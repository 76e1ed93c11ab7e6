import { printList } from '../../output/render.js';
import { fileList } from '../../output/views.js';
import { confirm, examples, quote } from '../shared.js';
import { libraryOption, runBulk } from './shared.js';
export function register(parent, f, runF = run) {
    const cmd = libraryOption(parent.command('delete').alias('rm').description('Delete files from a library').argument('<files...>', 'file ids or unique names')).action((files, opts) => runF(f, { files, library: opts.library }));
    examples(cmd, ['lib file delete old.pdf --library docs', 'lib file list -l docs --label draft -q | xargs lib file delete -l docs -y']);
}
export async function run(f, opts) {
    const output = f.output();
    const provider = await f.provider();
    const library = await provider.resolveLibrary(opts.library);
    // Resolve every name first: a typo must not leave half the list deleted.
    const files = [];
    for (const ref of opts.files)
        files.push(await provider.resolveFile(library.id, ref));
    const what = files.length === 1 ? `file ${quote(files[0].name)}` : `${files.length} files`;
    await confirm(f, `Delete ${what} from library ${quote(library.name)}?`);
    const deleted = await runBulk(f, files, (x) => x.name, async (file) => {
        await provider.deleteFile(library.id, file.id);
        if (output.mode === 'human')
            f.io.err.write(`Deleted file ${quote(file.name)} (${file.id})\n`);
        return file;
    });
    if (output.mode !== 'human' || output.raw)
        await printList(f.io, output, fileList, deleted);
}
//# sourceMappingURL=delete.js.map