import * as create from './create.js';
import * as del from './delete.js';
import * as get from './get.js';
import * as list from './list.js';
import * as owner from './owner.js';
import * as sync from './sync.js';
import * as update from './update.js';
export function register(program, f) {
    const noun = program.command('library').alias('lib').description('Manage libraries');
    for (const verb of [list, get, create, update, del, owner, sync])
        verb.register(noun, f);
}
//# sourceMappingURL=index.js.map