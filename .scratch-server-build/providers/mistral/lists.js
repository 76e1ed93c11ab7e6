/** Helpers for lists: "name" / "-createdAt" sort specs applied on our side, limits, ids. */
import { UsageError } from '../../errors.js';
export function parseSort(spec, fields) {
    const descending = spec.startsWith('-');
    const field = (descending ? spec.slice(1) : spec);
    if (!fields.includes(field)) {
        throw new UsageError(`cannot sort by "${field}" on mistral; use one of: ${fields.join(', ')} (prefix - to reverse)`);
    }
    return { field, descending };
}
/** Comparator with nulls last whatever the direction. */
export function comparator(sort) {
    const sign = sort.descending ? -1 : 1;
    return (a, b) => {
        const x = a[sort.field];
        const y = b[sort.field];
        if (x === y)
            return 0;
        if (x === null || x === undefined)
            return 1;
        if (y === null || y === undefined)
            return -1;
        if (typeof x === 'number' && typeof y === 'number')
            return sign * (x - y);
        return sign * String(x).localeCompare(String(y));
    };
}
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How many items a list may yield: --all means every one, else --limit. */
export function capOf(opts) {
    return opts.all ? Infinity : (opts.limit ?? Infinity);
}
//# sourceMappingURL=lists.js.map