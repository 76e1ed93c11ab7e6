/**
 * The one output helper every verb uses: table on a terminal, tab-separated
 * rows in a pipe, --json (object or array), --ndjson (a line per object,
 * streamed), -q (ids), --raw (the vendor's payload as JSON).
 */
import chalk from 'chalk';
import Table from 'cli-table3';
import { rawOf } from '../model.js';
import { write } from './io.js';
import { humanSize, plainCell, relativeTime } from './format.js';
const STATUS_COLORS = {
    ready: chalk.green,
    failed: chalk.red,
    processing: chalk.yellow,
    pending: chalk.yellow,
    owner: chalk.bold,
};
function cellText(value, kind, tty) {
    if (value === null || value === undefined)
        return '';
    if (Array.isArray(value))
        return value.map(String).join(',');
    if (kind === 'time' && tty)
        return relativeTime(String(value));
    if (kind === 'size' && tty && typeof value === 'number')
        return humanSize(value);
    if (typeof value === 'object')
        return JSON.stringify(value);
    return String(value);
}
function styled(text, kind) {
    if (kind === 'status')
        return (STATUS_COLORS[text] ?? ((s) => s))(text);
    if (kind === 'id')
        return chalk.dim(text);
    return text;
}
function json(value, pretty) {
    return JSON.stringify(value, null, pretty ? 2 : undefined);
}
function payload(item, raw) {
    return raw ? rawOf(item) : item;
}
/** Print a list, consuming the iterable as it arrives (ndjson and pipes stream). */
export async function printList(io, opts, view, items) {
    let count = 0;
    if (opts.mode === 'json') {
        const all = [];
        for await (const item of items)
            all.push(payload(item, opts.raw));
        await write(io.out, json(all, io.isStdoutTTY) + '\n');
        return all.length;
    }
    if (opts.mode === 'ndjson' || (opts.raw && opts.mode === 'human')) {
        for await (const item of items) {
            await write(io.out, json(payload(item, opts.raw), false) + '\n');
            count++;
        }
        return count;
    }
    if (opts.mode === 'ids') {
        for await (const item of items) {
            await write(io.out, view.id(item) + '\n');
            count++;
        }
        return count;
    }
    if (!io.isStdoutTTY) {
        for await (const item of items) {
            const cells = view.columns.map((c) => plainCell(cellText(c.value(item), c.kind ?? 'text', false)));
            await write(io.out, cells.join('\t') + '\n');
            count++;
        }
        return count;
    }
    const rows = [];
    for await (const item of items) {
        rows.push(view.columns.map((c) => styled(cellText(c.value(item), c.kind ?? 'text', true), c.kind ?? 'text')));
    }
    if (rows.length === 0)
        return 0;
    await write(io.out, table(view.columns.map((c) => chalk.bold(c.header.toUpperCase())), rows));
    return rows.length;
}
/** Print one record: key/value lines for humans, an object for --json. */
export async function printOne(io, opts, view, item) {
    if (opts.mode === 'json' || opts.raw) {
        await write(io.out, json(payload(item, opts.raw), io.isStdoutTTY && opts.mode === 'json') + '\n');
        return;
    }
    if (opts.mode === 'ndjson') {
        await write(io.out, json(item, false) + '\n');
        return;
    }
    if (opts.mode === 'ids') {
        await write(io.out, view.id(item) + '\n');
        return;
    }
    const tty = io.isStdoutTTY;
    const lines = view.columns.map((c) => {
        const kind = c.kind ?? 'text';
        const text = cellText(c.value(item), kind, tty);
        return tty ? `${chalk.bold(c.header + ':')} ${styled(text, kind)}` : `${c.header}\t${plainCell(text)}`;
    });
    await write(io.out, lines.join('\n') + '\n');
}
function table(head, rows) {
    const t = new Table({
        head,
        chars: {
            top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
            bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
            left: '', 'left-mid': '', mid: '', 'mid-mid': '',
            right: '', 'right-mid': '', middle: '  ',
        },
        style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    });
    t.push(...rows);
    return t.toString().split('\n').map((l) => l.trimEnd()).join('\n') + '\n';
}
//# sourceMappingURL=render.js.map