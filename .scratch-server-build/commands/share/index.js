import * as del from './delete.js';
import * as list from './list.js';
import * as put from './put.js';
export function register(program, f) {
    const noun = program.command('share').description('Manage who can see a library');
    for (const verb of [list, put, del])
        verb.register(noun, f);
}
//# sourceMappingURL=index.js.map