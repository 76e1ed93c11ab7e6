/**
 * Human-facing formatting of values: terminals get relative times and human
 * sizes; pipes get ISO times and raw byte counts so scripts can parse them.
 */
export function humanSize(bytes) {
    if (bytes === null)
        return '';
    if (bytes < 1024)
        return `${bytes} B`;
    const units = ['KB', 'MB', 'GB', 'TB'];
    let value = bytes / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
export function relativeTime(iso, now = Date.now()) {
    if (!iso)
        return '';
    const then = Date.parse(iso);
    if (Number.isNaN(then))
        return iso;
    const seconds = Math.round((now - then) / 1000);
    if (seconds < 0)
        return 'in the future';
    if (seconds < 60)
        return 'just now';
    const steps = [
        [60, 'minute'],
        [24, 'hour'],
        [30, 'day'],
        [12, 'month'],
        [Number.POSITIVE_INFINITY, 'year'],
    ];
    let value = seconds / 60;
    for (const [size, unit] of steps) {
        if (value < size) {
            const n = Math.floor(value);
            return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
        }
        value /= size;
    }
    return iso;
}
/** A key as shown anywhere: only its last four characters. */
export function maskSecret(secret) {
    if (!secret)
        return '';
    return secret.length <= 8 ? '****' : `...${secret.slice(-4)}`;
}
/** Cell text in a pipe: one record per line, so tabs and newlines are escaped. */
export function plainCell(value) {
    return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\r?\n/g, '\\n');
}
//# sourceMappingURL=format.js.map