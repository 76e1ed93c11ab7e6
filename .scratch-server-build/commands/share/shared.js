import { UsageError } from '../../errors.js';
export function principalOptions(cmd) {
    return cmd
        .option('--user <id>', 'a user')
        .option('--workspace <id>', 'a workspace')
        .option('--org <id>', 'an organization');
}
/** Exactly one of --user, --workspace, --org. */
export function principalFrom(flags) {
    const given = ['user', 'workspace', 'org'].filter((t) => flags[t] !== undefined);
    if (given.length !== 1)
        throw new UsageError('name exactly one of --user, --workspace or --org');
    const type = given[0];
    const id = flags[type];
    if (id.trim() === '')
        throw new UsageError(`--${type} must not be empty`);
    return { type, id };
}
//# sourceMappingURL=shared.js.map