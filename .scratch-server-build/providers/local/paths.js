/**
 * A document's path inside a library ("reports/2024/"): data, never a
 * filesystem path. Normalized so `--path /a//b`, `--path a/b` and
 * `--path ./a/b/` name the same folder: no leading slash, one trailing slash,
 * '' for the root.
 */
import { UsageError } from '../../errors.js';
function segments(path) {
    if (path.includes('\0'))
        throw new UsageError('a path cannot contain a NUL character');
    const parts = path.split('/').filter((s) => s !== '' && s !== '.');
    if (parts.includes('..'))
        throw new UsageError(`invalid path "${path}": ".." is not allowed`);
    return parts;
}
export function normalizePath(path) {
    const parts = segments(path ?? '');
    return parts.length ? `${parts.join('/')}/` : '';
}
/**
 * A --path filter: a literal prefix of the normalized path. Leading slashes go
 * (stored paths have none); a trailing slash is kept only if typed, so
 * `--path rep` still finds "reports/".
 */
export function normalizePrefix(prefix) {
    if (prefix === undefined)
        return undefined;
    const parts = segments(prefix);
    if (!parts.length)
        return undefined;
    return parts.join('/') + (/\/\.?$/.test(prefix) ? '/' : '');
}
//# sourceMappingURL=paths.js.map