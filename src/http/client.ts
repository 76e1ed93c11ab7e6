/**
 * The thin HTTP layer (DESIGN.md "HTTP layer"): one undici Agent per client
 * (it keeps one keep-alive pool per origin), auth and user agent, timeouts,
 * bounded retries with backoff, typed errors and the --debug trace. Providers
 * build on request(); nothing here knows any vendor's payloads.
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import type { MultipartBody } from './multipart.js';
import { systemClock, type Clock } from '../clock.js';
import { CancelError, FailedError, LibError } from '../errors.js';
import { apiError, networkError, reasonPhrase } from './errors.js';
import {
  IDEMPOTENT_METHODS,
  RETRY_STATUSES,
  isConnectionRefused,
  isConnectionReset,
  retryDelay,
  type BackoffPolicy,
} from './retry.js';
import { assertKeyMayGo, redactHeader, redactQuery, scrub, shownUrl } from './security.js';

/** A list value is sent as the parameter repeated (label=a&label=b), as FastAPI and Spring read lists. */
export type Query = Record<string, string | number | boolean | readonly string[] | null | undefined>;

/** How to read a successful response body. */
export type Expect = 'json' | 'text' | 'stream' | 'none';

export interface Timeouts {
  /** Establishing the TCP/TLS connection. */
  connect: number;
  /** From sending the request to receiving the response headers. */
  headers: number;
  /** Longest silence while reading the body (not the whole transfer). */
  body: number;
}

/**
 * Retries by default (the official SDKs do not, and users hit 429s). Six
 * retries after the first attempt keep a 17%-faulty network from failing one
 * upload in thousands; 429 and 503 (a server shedding load) get twice that, so
 * 300 uploads through 20% 429, 10% 503 and 5% resets all land. Backoff stays
 * bounded by retryMaxMs.
 */
export const DEFAULT_RETRIES = 6;
export const DEFAULT_TIMEOUTS: Timeouts = { connect: 10_000, headers: 60_000, body: 300_000 };

export interface HttpClientOptions {
  baseUrl: string;
  apiKey?: string;
  /** Header carrying the key; default `Authorization: Bearer <key>`. */
  authHeader?: (key: string) => [string, string];
  /** Full User-Agent value; see userAgent(). */
  userAgent: string;
  /** Retries after the first attempt (see DEFAULT_RETRIES). */
  retries?: number;
  /** First backoff ceiling; doubles per attempt up to retryMaxMs. Default 250 (the CLI reads LIB_RETRY_BASE_MS). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  maxRetryAfterMs?: number;
  timeouts?: Partial<Timeouts>;
  /** Sink for the --debug trace, one line per call. */
  debug?: (line: string) => void;
  /** Fires on Ctrl-C: aborts in-flight requests and backoff sleeps. */
  signal?: AbortSignal;
  /** 'mistral', ...: used in messages "(mistral, 404)". */
  providerName: string;
  /** Second line for 401/403 errors. */
  authHint?: string;
  /** Tests inject undici's MockAgent here. */
  dispatcher?: Dispatcher;
  /** What backoffs wait on, and what the providers' polls read (the client's `clock`). Default: the system's. */
  clock?: Clock;
}

export interface RequestOptions {
  method: string;
  /** Relative to baseUrl ("/v1/libraries"), or an absolute URL. */
  path: string;
  query?: Query;
  json?: unknown;
  /** Multipart body; a factory because every attempt needs a fresh stream. */
  form?: () => Promise<MultipartBody>;
  /** A body sent as given (`lib api --input`); its content-type comes from `headers`. */
  body?: string | Uint8Array;
  /**
   * Return a final non-2xx answer instead of throwing (`lib api` prints it):
   * its body as text, the key scrubbed from it. Retries happen as usual first.
   */
  anyStatus?: boolean;
  headers?: Record<string, string>;
  /** Override the method's default (GET/PUT/DELETE/HEAD retry, POST/PATCH don't). */
  retryable?: boolean;
  /**
   * For a request that is not safe to repeat (a create): called after a failure
   * that may or may not have done the work (a reset, a 5xx). What it finds (the
   * thing the lost answer would have described) is the result; when it finds
   * nothing, the request is sent again.
   */
  recover?: () => Promise<unknown>;
  expect?: Expect;
  /** Send the API key (default true). False for signed URLs, which must never see it. */
  auth?: boolean;
  signal?: AbortSignal;
}

export interface HttpResponse<T> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

export interface HttpClient {
  readonly baseUrl: string;
  /** The clock this client waits out backoffs on: providers poll and time on it too. */
  readonly clock: Clock;
  request<T = unknown>(opts: RequestOptions): Promise<HttpResponse<T>>;
  getJson<T>(path: string, query?: Query): Promise<T>;
  sendJson<T>(method: string, path: string, json?: unknown, opts?: Partial<RequestOptions>): Promise<HttpResponse<T>>;
  /** GET an absolute URL without the API key (signed URLs), following redirects, streaming the body. */
  download(url: string, signal?: AbortSignal): Promise<HttpResponse<AsyncIterable<Uint8Array>>>;
  close(): Promise<void>;
}

export function userAgent(version: string): string {
  return `lib/${version} node/${process.version}`;
}

const MAX_REDIRECTS = 5;

/**
 * undici parses HTTP with llhttp compiled to WebAssembly. By default V8 also
 * compiles the whole module again with its optimizing tier in the background,
 * and a process that is done after a few requests then waits ~70 ms at exit
 * for that compilation (measured: `lib library list` on mistral 235 -> 165 ms).
 * The baseline tier alone parses headers and chunked bodies fast enough for a
 * CLI. Set once, before the first request compiles the module.
 */
let quickWasm = false;
function preferQuickWasm(): void {
  if (quickWasm) return;
  quickWasm = true;
  v8.setFlagsFromString('--liftoff-only');
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  preferQuickWasm();
  const base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  const key = options.apiKey || undefined;
  // Fail before anything is sent, including the first request.
  if (key) assertKeyMayGo(base);

  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const ownAgent = options.dispatcher
    ? undefined
    : new Agent({
        connect: { timeout: timeouts.connect },
        headersTimeout: timeouts.headers,
        bodyTimeout: timeouts.body,
        keepAliveTimeout: 10_000,
      });
  const dispatcher: Dispatcher = options.dispatcher ?? ownAgent!;
  const retries = Math.max(0, options.retries ?? DEFAULT_RETRIES);
  const clock = options.clock ?? systemClock;
  const policy: BackoffPolicy = {
    baseMs: options.retryBaseMs ?? 250,
    maxMs: options.retryMaxMs ?? 8_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
  };
  const provider = options.providerName;
  const authHint =
    options.authHint ?? `Check the API key: lib profile add NAME --provider ${provider}, or set LIB_API_KEY.`;
  const authHeader = options.authHeader ?? ((k: string): [string, string] => ['authorization', `Bearer ${k}`]);
  const trace = (line: string): void => options.debug?.(scrub(line, key));

  function resolve(path: string, query: Query | undefined): URL {
    const url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(path.replace(/^\//, ''), base);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (Array.isArray(value)) for (const v of value as readonly string[]) url.searchParams.append(name, v);
      else if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
    return url;
  }

  /** The key must never reach stderr: scrub it from a message before it leaves this layer. */
  function clean(err: LibError): LibError {
    const scrubbed = scrub(err.message, key);
    if (scrubbed !== err.message) err.message = scrubbed;
    return err;
  }

  async function request<T>(opts: RequestOptions): Promise<HttpResponse<T>> {
    const method = opts.method.toUpperCase();
    const url = resolve(opts.path, opts.query);
    const withKey = opts.auth !== false && key !== undefined;
    if (withKey) assertKeyMayGo(url);
    const shown = shownUrl(url, !withKey);
    const expect = opts.expect ?? 'json';
    const signal = combine(options.signal, opts.signal);
    const repeatable = opts.retryable ?? IDEMPOTENT_METHODS.has(method);
    // Adaptive budget: answers that say "overloaded, nothing done" (429, 503) may
    // be retried twice as often as other failures, so a busy server that sheds
    // load does not cost an upload; other failures keep the plain budget.
    let hard = 0;
    let soft = 0;
    const mayRetry = (overload: boolean): boolean =>
      overload ? soft < 2 * retries && hard + soft < 3 * retries : hard < retries && hard + soft < 3 * retries;
    const counted = (overload: boolean): void => void (overload ? soft++ : hard++);
    /** Before repeating a request that may have done its work: did it? */
    const recovered = async (): Promise<HttpResponse<T> | undefined> => {
      if (repeatable || !opts.recover) return undefined;
      const found = await opts.recover();
      return found === undefined ? undefined : { status: 200, headers: {}, body: found as T };
    };

    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw cancelled();
      const headers: Record<string, string> = {
        'user-agent': options.userAgent,
        accept: expect === 'json' ? 'application/json' : '*/*',
      };
      if (withKey) {
        const [name, value] = authHeader(key);
        headers[name.toLowerCase()] = value;
      }
      let body: string | Uint8Array | MultipartBody['body'] | undefined;
      if (opts.body !== undefined) {
        body = opts.body;
      } else if (opts.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(opts.json);
      } else if (opts.form) {
        const form = await opts.form();
        headers['content-type'] = form.contentType;
        headers['content-length'] = String(form.length);
        body = form.body;
      }
      for (const [name, value] of Object.entries(opts.headers ?? {})) headers[name.toLowerCase()] = value;

      trace(`> ${method} ${shown}${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
      for (const [name, value] of Object.entries(headers)) trace(`> ${name}: ${redactHeader(name, value)}`);

      const started = performance.now();
      let res: Dispatcher.ResponseData;
      try {
        res = await undiciRequest(url, { dispatcher, method: method as Dispatcher.HttpMethod, headers, body, signal });
      } catch (err) {
        if (signal?.aborted) throw cancelled();
        const failure = networkError(err, method, shown, url.origin);
        trace(`! ${failure.message}`);
        // A refused connection sent nothing, so even a create may go again; a reset may have.
        const refused = isConnectionRefused(err);
        if ((refused || ((repeatable || opts.recover) && isConnectionReset(err))) && mayRetry(false)) {
          counted(false);
          await backoff(attempt, undefined, signal);
          const found = refused ? undefined : await recovered();
          if (found) return found;
          continue;
        }
        throw clean(failure);
      }

      const status = res.statusCode;
      trace(`< ${status} ${reasonPhrase(status)} (${Math.round(performance.now() - started)} ms)`);
      const resHeaders = res.headers as HttpResponse<T>['headers'];

      if (status >= 200 && status < 300) {
        try {
          return { status, headers: resHeaders, body: (await readBody(res, expect, method, shown, signal)) as T };
        } catch (err) {
          if (signal?.aborted) throw cancelled();
          // A reset mid-body on a retryable request: the whole exchange can be repeated.
          if (repeatable && isConnectionReset(err) && mayRetry(false)) {
            counted(false);
            trace(`! ${err instanceof Error ? err.message : String(err)}`);
            await backoff(attempt, undefined, signal);
            continue;
          }
          throw clean(err instanceof LibError ? err : networkError(err, method, shown, url.origin));
        }
      }

      if (status >= 300 && status < 400 && !withKey && expect === 'stream') {
        // Only unauthenticated downloads follow redirects; download() drives the loop.
        await res.body.dump().catch(() => undefined);
        return { status, headers: resHeaders, body: undefined as T };
      }

      // 429 says the server refused the request unprocessed: safe to repeat whatever the method.
      const overload = status === 429 || status === 503;
      if ((status === 429 || ((repeatable || opts.recover) && RETRY_STATUSES.has(status))) && mayRetry(overload)) {
        counted(overload);
        await res.body.dump().catch(() => undefined);
        await backoff(attempt, header(resHeaders, 'retry-after'), signal);
        const found = status === 429 ? undefined : await recovered();
        if (found) return found;
        continue;
      }

      let text = '';
      try {
        // Capped like any answer: an error body is only read for its message.
        text = await capped(res, method, shown);
      } catch {
        if (signal?.aborted) throw cancelled();
      }
      if (opts.anyStatus) return { status, headers: resHeaders, body: scrub(text, key) as T };
      const error = apiError(status, scrub(text, key), header(resHeaders, 'content-type'), provider, authHint);
      error.attempt = attempt;
      throw clean(error);
    }
  }

  async function backoff(attempt: number, retryAfter: string | undefined, signal: AbortSignal | undefined) {
    const delay = retryDelay(attempt, retryAfter, policy, clock.now());
    trace(`! retrying in ${delay} ms${retryAfter !== undefined ? ` (Retry-After: ${retryAfter})` : ''}`);
    try {
      await clock.sleep(delay, signal);
    } catch {
      throw cancelled();
    }
  }

  async function download(url: string, signal?: AbortSignal): Promise<HttpResponse<AsyncIterable<Uint8Array>>> {
    let target = resolve(url, undefined).href;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const res = await request<AsyncIterable<Uint8Array> | undefined>({
        method: 'GET',
        path: target,
        auth: false,
        expect: 'stream',
        signal,
      });
      if (res.body !== undefined) return res as HttpResponse<AsyncIterable<Uint8Array>>;
      const location = header(res.headers, 'location');
      if (!location) throw new FailedError(`redirect without a location from ${redactQuery(new URL(target))}`);
      target = new URL(location, target).href;
    }
    throw new FailedError(`too many redirects downloading ${redactQuery(new URL(url, base))}`);
  }

  return {
    baseUrl: base.href.replace(/\/$/, ''),
    clock,
    request,
    async getJson<T>(path: string, query?: Query) {
      return (await request<T>({ method: 'GET', path, query })).body;
    },
    sendJson<T>(method: string, path: string, json?: unknown, opts?: Partial<RequestOptions>) {
      return request<T>({ ...opts, method, path, json });
    },
    download,
    async close() {
      await ownAgent?.close();
    },
  };
}

async function readBody(
  res: Dispatcher.ResponseData,
  expect: Expect,
  method: string,
  shown: string,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  switch (expect) {
    case 'none':
      await res.body.dump();
      return undefined;
    case 'stream':
      return guardStream(res.body, signal);
    case 'text':
      return capped(res, method, shown);
    case 'json': {
      const text = await capped(res, method, shown);
      if (!text.trim()) return undefined;
      try {
        return JSON.parse(text);
      } catch {
        throw new FailedError(`unexpected non-JSON response to ${method} ${shown} (${res.statusCode})`);
      }
    }
  }
}

/**
 * The most of a JSON or text answer lib reads into memory (a document's whole
 * extracted text is the largest real one). Downloads stream and have no cap.
 */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** The body as text, refusing (before reading it all) one larger than MAX_RESPONSE_BYTES. */
async function capped(res: Dispatcher.ResponseData, method: string, shown: string): Promise<string> {
  const tooLarge = () =>
    new FailedError(
      `the response to ${method} ${shown} is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB; not reading it`,
    );
  const declared = Number(header(res.headers as HttpResponse<unknown>['headers'], 'content-length'));
  if (declared > MAX_RESPONSE_BYTES) {
    res.body.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += (chunk as Buffer).length;
    if (size > MAX_RESPONSE_BYTES) {
      res.body.destroy();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Errors while the caller reads a streamed body become CancelError or FailedError too. */
async function* guardStream(body: AsyncIterable<Uint8Array>, signal: AbortSignal | undefined) {
  try {
    yield* body;
  } catch (err) {
    if (signal?.aborted) throw cancelled();
    const message = err instanceof Error ? err.message : String(err);
    throw new FailedError(`download interrupted: ${message}`, { cause: err });
  }
}

function header(headers: HttpResponse<unknown>['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function combine(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (a && b) return AbortSignal.any([a, b]);
  return a ?? b;
}

function cancelled(): CancelError {
  return new CancelError('cancelled');
}
