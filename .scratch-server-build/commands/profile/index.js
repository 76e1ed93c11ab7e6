import * as add from './add.js';
import * as list from './list.js';
import * as remove from './remove.js';
import * as show from './show.js';
import * as use from './use.js';
export function register(program, f) {
    const noun = program.command('profile').description('Manage profiles: which provider, where, with which key');
    for (const verb of [list, show, add, use, remove])
        verb.register(noun, f);
}
//# sourceMappingURL=index.js.map