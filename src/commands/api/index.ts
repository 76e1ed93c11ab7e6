/**
 * `lib api [METHOD] PATH`: an authenticated request to the current provider's
 * API, as `gh api` does, for what the verbs do not cover. The request goes
 * through the provider's own HTTP settings (auth header, user agent, retries,
 * timeouts, --debug trace with the key redacted; providers/shared/api.ts);
 * the answer's body goes to stdout as it came (JSON pretty-printed on a
 * terminal), a non-2xx answer's too, and then exits as the verbs do
 * (401/403 4, 404 3, 409 5, 400/422 2, else 1).
 */
import { once } from 'node:events';
import fs from 'node:fs';
import { STATUS_CODES } from 'node:http';
import type { Command } from 'commander';
import { FailedError, UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import type { ApiClient, ApiResponse } from '../../providers/shared/api.js';
import { collect, examples } from '../shared.js';
import { fieldsBody, fieldsQuery, parseField, type Field } from './fields.js';
import { nextPath, splitQuery, type Page } from '../../providers/shared/api-page.js';

export interface ApiOptions {
  method?: string;
  path: string;
  rawField?: string[];
  field?: string[];
  input?: string;
  header?: string[];
  include?: boolean;
  paginate?: boolean;
}

export function register(program: Command, f: Factory, runF = run): void {
  const cmd = program
    .command('api')
    .description("Send an authenticated request to the current provider's API and print the answer")
    .usage('[options] [METHOD] PATH')
    .argument(
      '<method>',
      'GET, POST, PUT, PATCH, DELETE...; alone, it is the PATH, sent as GET (POST with fields or --input)',
    )
    .argument(
      '[api-path]',
      "the path, relative to the provider's base URL: /v1/... on mistral, /api/... on hal, /library/... on ai21",
    )
    .option('-f, --raw-field <key=value>', 'a string field (repeatable; key[]=v for arrays)', collect)
    .option('-F, --field <key=value>', 'a typed field: true, false, null, numbers, @file, @- (repeatable)', collect)
    .option('--input <file>', 'the request body from a file (- for stdin); fields then go to the query string')
    .option('-H, --header <name:value>', "a request header, 'Name: value' (repeatable)", collect)
    .option('-i, --include', 'print the status line and the response headers before the body')
    .option('--paginate', "follow a list's pages and print its items as one JSON array (--ndjson: one a line)")
    .action((first: string, second: string | undefined, opts: Omit<ApiOptions, 'method' | 'path'>) => {
      const [method, path] = second === undefined ? [undefined, first] : [first, second];
      if (method !== undefined && !/^[A-Za-z]+$/.test(method)) {
        throw new UsageError(`"${method}" is not an HTTP method (lib api [METHOD] PATH)`);
      }
      if (path.trim() === '') throw new UsageError('PATH must not be empty');
      if (opts.paginate && opts.include) throw new UsageError('--paginate and -i cannot be used together');
      return runF(f, { ...opts, method: method?.toUpperCase(), path });
    });
  examples(cmd, [
    'lib api /v1/libraries',
    'lib api POST /v1/libraries -f name="Team Docs" -f description="shared"',
    'lib api PATCH /api/libraries/alice:team-docs --input changes.json',
    'lib api /v1/libraries/ID/documents -F page_size=100 --paginate | jq -r ".[].name"',
    'lib --debug api -i /api/libraries',
  ]);
}

export async function run(f: Factory, opts: ApiOptions): Promise<void> {
  // A provider without HTTP (local) is refused here, before stdin or files are read.
  const api = await f.api();
  const usesStdin = opts.input === '-' || (opts.field ?? []).some((p) => p.endsWith('=@-'));
  if (opts.input === '-' && (opts.field ?? []).some((p) => p.endsWith('=@-'))) {
    throw new UsageError('--input - and a field @- both want stdin; give one of them a file');
  }
  const stdin = usesStdin ? await readAll(f.io.in) : undefined;
  const fromStdin = () => stdin!.toString('utf8');
  const fields: Field[] = [
    ...(opts.rawField ?? []).map((p) => parseField(p, false, fromStdin)),
    ...(opts.field ?? []).map((p) => parseField(p, true, fromStdin)),
  ];
  const input = opts.input === undefined ? undefined : opts.input === '-' ? stdin! : readFile(opts.input);
  // As gh: POST once there is something to send; --paginate reads, so it stays GET.
  const method = opts.method ?? (!opts.paginate && (fields.length > 0 || input !== undefined) ? 'POST' : 'GET');
  if (opts.paginate && method !== 'GET') throw new UsageError(`--paginate follows the pages of a GET, not ${method}`);

  const headers = parseHeaders(opts.header ?? []);
  let path = opts.path;
  let body: string | Uint8Array | undefined = input;
  if (fields.length > 0 && (method === 'GET' || method === 'HEAD' || input !== undefined)) {
    path = withQuery(path, fieldsQuery(fields));
  } else if (fields.length > 0) {
    body = JSON.stringify(fieldsBody(fields));
  }
  if (body !== undefined && !('content-type' in headers)) headers['content-type'] = 'application/json';

  if (opts.paginate) return paginate(f, api, path, headers);
  const res = await api.send({ method, path, body, headers });
  if (opts.include) await print(f, statusAndHeaders(res));
  await printBody(f, res);
  if (res.status < 200 || res.status >= 300) {
    throw api.failure(res.status, typeof res.body === 'string' ? res.body : '', header(res, 'content-type'));
  }
}

/**
 * Every page's items, in order, as one JSON array written as the pages arrive
 * (one item a line in a pipe, so `jq` and `grep` both work), or one item a
 * line with --ndjson. A first answer that is not a list is printed as it came.
 */
async function paginate(f: Factory, api: ApiClient, first: string, headers: Record<string, string>): Promise<void> {
  const ndjson = Boolean(f.globals.ndjson);
  const pretty = f.io.isStdoutTTY && !ndjson;
  const seen = new Set([first]);
  let path = first;
  let written = 0;
  const close = () => (ndjson ? undefined : print(f, written === 0 ? '[]\n' : '\n]\n'));
  for (let page = 1; ; page++) {
    const res = await api.send({ method: 'GET', path, headers });
    const text = typeof res.body === 'string' ? res.body : (await readAll(res.body)).toString('utf8');
    if (res.status < 200 || res.status >= 300) {
      if (page === 1) await printBody(f, { ...res, body: text });
      else await close();
      throw api.failure(res.status, text, header(res, 'content-type'));
    }
    let parsed: unknown;
    let list: Page | undefined;
    try {
      parsed = JSON.parse(text);
      list = api.readPage(parsed, new URLSearchParams(splitQuery(path)[1] ?? ''));
    } catch {
      list = undefined;
    }
    if (!list) {
      if (page === 1) return printBody(f, { ...res, body: text });
      await close();
      throw new FailedError(`page ${page} of ${splitQuery(first)[0]} is not a list; stopping`);
    }
    for (const item of list.items) {
      if (ndjson) await print(f, `${JSON.stringify(item)}\n`);
      else {
        const shown = pretty ? JSON.stringify(item, null, 2).replace(/^/gm, '  ') : JSON.stringify(item);
        await print(f, `${written === 0 ? '[\n' : ',\n'}${shown}`);
      }
      written++;
    }
    if (!list.next) break;
    path = nextPath(path, list.next);
    if (seen.has(path)) {
      await close();
      throw new FailedError(`${api.provider} gave the same page twice (${path}); stopping`);
    }
    seen.add(path);
  }
  await close();
}

function parseHeaders(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    if (colon <= 0 || !/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) {
      throw new UsageError(`invalid header "${line}": expected 'Name: value'`);
    }
    headers[name] = line.slice(colon + 1).trim();
  }
  return headers;
}

function withQuery(path: string, extra: URLSearchParams): string {
  const [pathname, search] = splitQuery(path);
  const query = new URLSearchParams(search ?? '');
  for (const [k, v] of extra) query.append(k, v);
  return `${pathname}?${query.toString()}`;
}

function statusAndHeaders(res: ApiResponse): string {
  const lines = [`HTTP/1.1 ${res.status} ${STATUS_CODES[res.status] ?? ''}`.trimEnd()];
  for (const [name, value] of Object.entries(res.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) lines.push(`${name}: ${v}`);
  }
  return `${lines.join('\n')}\n\n`;
}

/** The body as it came; JSON pretty-printed when stdout is a terminal. */
async function printBody(f: Factory, res: ApiResponse): Promise<void> {
  const json = /\bjson\b|\+json/i.test(header(res, 'content-type') ?? '');
  if (f.io.isStdoutTTY && json) {
    const text = typeof res.body === 'string' ? res.body : (await readAll(res.body)).toString('utf8');
    try {
      return print(f, `${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    } catch {
      return print(f, text);
    }
  }
  if (typeof res.body === 'string') return print(f, res.body);
  for await (const chunk of res.body) await print(f, chunk);
}

async function print(f: Factory, data: string | Uint8Array): Promise<void> {
  if (!f.io.out.write(data)) await once(f.io.out, 'drain');
}

function header(res: ApiResponse, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readAll(stream: AsyncIterable<Uint8Array | string> | NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function readFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}
