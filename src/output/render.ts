/**
 * The one output helper every verb uses: table on a terminal, tab-separated
 * rows in a pipe, --json (object or array), --ndjson (a line per object,
 * streamed), -q (ids), --raw (the vendor's payload as JSON).
 */
import type { ChalkInstance } from 'chalk';
import { rawOf } from '../model.js';
import { type IO, write } from './io.js';
import { humanSize, plainCell, relativeTime, terminalSafe } from './format.js';

export type OutputMode = 'human' | 'json' | 'ndjson' | 'ids';

export interface OutputOptions {
  mode: OutputMode;
  raw: boolean;
}

export type CellKind = 'text' | 'time' | 'size' | 'status' | 'id' | 'list';

export interface Column<T> {
  header: string;
  value: (item: T) => unknown;
  kind?: CellKind;
}

/** What a verb needs to print records of one type. */
export interface View<T> {
  columns: Column<T>[];
  id: (item: T) => string;
}

/**
 * chalk, loaded only when io decided color is on (applyColor): a pipe, where
 * lib spends most of its runs in scripts, never imports it. Its level comes
 * from that decision, not from chalk's own detection, which ignores NO_COLOR
 * and --no-color.
 */
let chalk: ChalkInstance | undefined;
const paint =
  (pick: (c: ChalkInstance) => (s: string) => string) =>
  (s: string): string =>
    chalk ? pick(chalk)(s) : s;
const style = {
  bold: paint((c) => c.bold),
  dim: paint((c) => c.dim),
  red: paint((c) => c.red),
  green: paint((c) => c.green),
  yellow: paint((c) => c.yellow),
};

const STATUS_COLORS: Record<string, (s: string) => string> = {
  ready: style.green,
  failed: style.red,
  processing: style.yellow,
  pending: style.yellow,
  owner: style.bold,
};

function cellText(value: unknown, kind: CellKind, tty: boolean): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(String).join(',');
  if (kind === 'time' && tty) return relativeTime(String(value));
  if (kind === 'size' && tty && typeof value === 'number') return humanSize(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function styled(raw: string, kind: CellKind): string {
  // Names and descriptions come from servers: no escape sequence of theirs reaches the terminal.
  const text = terminalSafe(raw);
  if (kind === 'status') return (STATUS_COLORS[text] ?? ((s: string) => s))(text);
  if (kind === 'id') return style.dim(text);
  return text;
}

function json(value: unknown, pretty: boolean): string {
  return JSON.stringify(value, null, pretty ? 2 : undefined);
}

function payload(item: object, raw: boolean): unknown {
  return raw ? rawOf(item) : item;
}

/** Color as io decided it. */
async function applyColor(io: IO): Promise<void> {
  if (!io.color) chalk = undefined;
  else if (!chalk) chalk = new (await import('chalk')).Chalk({ level: 1 });
}

/** Print a list, consuming the iterable as it arrives (ndjson and pipes stream). */
export async function printList<T extends object>(
  io: IO,
  opts: OutputOptions,
  view: View<T>,
  items: AsyncIterable<T> | Iterable<T>,
): Promise<number> {
  await applyColor(io);
  let count = 0;
  if (opts.mode === 'json') {
    const all: unknown[] = [];
    for await (const item of items) all.push(payload(item, opts.raw));
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
    // Plain rows; styled only when color was forced (FORCE_COLOR), a no-op otherwise.
    for await (const item of items) {
      const cells = view.columns.map((c) =>
        styled(plainCell(cellText(c.value(item), c.kind ?? 'text', false)), c.kind ?? 'text'),
      );
      await write(io.out, cells.join('\t') + '\n');
      count++;
    }
    return count;
  }
  const texts: string[][] = [];
  for await (const item of items) texts.push(view.columns.map((c) => cellText(c.value(item), c.kind ?? 'text', true)));
  if (texts.length === 0) {
    // A person at a terminal should not wonder whether anything ran; pipes get nothing.
    await write(io.err, 'no results\n');
    return 0;
  }
  // Ids as the shortest prefix (8 or more) that tells the rows apart, as git shows
  // commits; every verb takes such a prefix back where a full id goes.
  view.columns.forEach((c, i) => {
    if (c.kind !== 'id') return;
    const short = shortIds(texts.map((row) => row[i]!));
    for (const row of texts) row[i] = short(row[i]!);
  });
  const widths = fitWidths(
    view.columns.map((c) => c.header),
    texts,
    io.columns || 0,
  );
  const rows = texts.map((row) =>
    row.map((text, i) => styled(clip(terminalSafe(text), widths[i]!), view.columns[i]!.kind ?? 'text')),
  );
  await write(
    io.out,
    await table(
      view.columns.map((c) => style.bold(c.header.toUpperCase())),
      rows,
    ),
  );
  return rows.length;
}

/** The shortest prefix (at least 8 characters) that keeps `ids` apart. */
export function shortIds(ids: string[]): (id: string) => string {
  const unique = [...new Set(ids.filter(Boolean))];
  let n = 8;
  while (n < 64 && new Set(unique.map((id) => id.slice(0, n))).size < unique.length) n++;
  return (id) => id.slice(0, n);
}

const GAP = 2;

/**
 * Column widths that fit `columns` characters (0: no limit): the widest text
 * columns give way first, each down to its header's width, never below 6.
 */
export function fitWidths(headers: string[], rows: string[][], columns: number): number[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => [...terminalSafe(r[i] ?? '')].length)));
  if (!columns) return widths;
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP * (widths.length - 1);
  while (total() > columns) {
    let widest = -1;
    widths.forEach((w, i) => {
      const floor = Math.max(6, headers[i]!.length);
      if (w > floor && (widest < 0 || w > widths[widest]!)) widest = i;
    });
    if (widest < 0) break; // every column at its floor: the terminal wraps the rest
    widths[widest]!--;
  }
  return widths;
}

/** `text` cut to `width` characters, with an ellipsis where it was cut. */
function clip(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(1, width - 1)).join('')}…`;
}

/** Print one record: key/value lines for humans, an object for --json. */
export async function printOne<T extends object>(io: IO, opts: OutputOptions, view: View<T>, item: T): Promise<void> {
  await applyColor(io);
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
    return tty
      ? `${style.bold(c.header + ':')} ${styled(text, kind)}`
      : `${c.header}\t${styled(plainCell(text), kind)}`;
  });
  await write(io.out, lines.join('\n') + '\n');
}

/** cli-table3 is loaded only when a terminal needs a table. */
async function table(head: string[], rows: string[][]): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const t = new Table({
    head,
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '  ',
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  t.push(...rows);
  return (
    t
      .toString()
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n') + '\n'
  );
}
