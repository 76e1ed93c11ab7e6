/**
 * The raw side of a remote provider, for `lib api`: requests to any path of
 * the provider's API with the same HTTP client the provider's verbs use (its
 * auth header, user agent, retries, timeouts, --debug trace with the key
 * redacted), built from the registry entry, so a provider added to the
 * registry is reachable here without a line of its own.
 *
 * PATH is relative to the provider's base URL, after the same normalization
 * the provider applies: mistral's and hal's paths carry their own prefix
 * (/v1/..., /api/...), so a base URL that already ends in it means the same
 * server; ai21's base URL ends in /studio/v1 and its paths follow it
 * (/library/files).
 */
import type { Clock } from '../../clock.js';
import { ApiError, UsageError } from '../../errors.js';
import { createHttpClient, userAgent, type HttpClient } from '../../http/index.js';
import { apiError } from '../../http/errors.js';
import type { ProviderEntry } from '../registry.js';
import { pageReader, type PageReader } from './api-page.js';

export interface ApiRequest {
  method: string;
  /** Relative to the base URL, with its query string; or an absolute URL on the same origin. */
  path: string;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** A 2xx body streams as it arrives; any other is read whole (capped), as text. */
  body: AsyncIterable<Uint8Array> | string;
}

export interface ApiClient {
  readonly provider: string;
  /** Where PATH starts: the normalized base URL, without a trailing slash. */
  readonly baseUrl: string;
  send(req: ApiRequest): Promise<ApiResponse>;
  /** The page in an answer, read the way this provider pages (`--paginate`); undefined when it is not a list. */
  readPage: PageReader;
  /** The typed error a non-2xx answer stands for (its exit code: 401/403 4, 404 3, 409 5, 400/422 2, else 1). */
  failure(status: number, text: string, contentType: string | undefined): ApiError;
  close(): Promise<void>;
}

export interface ApiClientOptions {
  baseUrl: string;
  apiKey: string;
  version: string;
  retries?: number;
  retryBaseMs?: number;
  signal?: AbortSignal;
  clock?: Clock;
  debug?: (line: string) => void;
}

export function createApiClient(entry: ProviderEntry, opts: ApiClientOptions, readPage: PageReader): ApiClient {
  const prefix = entry.apiPrefix;
  const base = prefix ? opts.baseUrl.replace(new RegExp(`${prefix}/?$`), '') : opts.baseUrl;
  const authHint = `Check the API key: lib profile add NAME --provider ${entry.name}, or set LIB_API_KEY.`;
  const http: HttpClient = createHttpClient({
    baseUrl: base,
    apiKey: opts.apiKey,
    userAgent: userAgent(opts.version),
    providerName: entry.name,
    authHint,
    retries: opts.retries,
    retryBaseMs: opts.retryBaseMs,
    signal: opts.signal,
    clock: opts.clock,
    debug: opts.debug,
  });
  const origin = new URL(http.baseUrl).origin;
  return {
    provider: entry.name,
    baseUrl: http.baseUrl,
    async send(req) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(req.path) && new URL(req.path).origin !== origin) {
        // The key goes with every request: never to a host other than the provider's.
        throw new UsageError(`${req.path} is not on ${origin}; lib api sends the key to the provider's host only`);
      }
      const res = await http.request<AsyncIterable<Uint8Array> | string>({
        method: req.method,
        path: req.path,
        body: req.body,
        headers: req.headers,
        expect: 'stream',
        anyStatus: true,
      });
      // The key never reaches stdout, not even in an answer that echoes the request back.
      const body = typeof res.body === 'string' ? res.body : withoutKey(res.body, opts.apiKey);
      return { status: res.status, headers: res.headers, body };
    },
    readPage: pageReader(readPage),
    failure: (status, text, contentType) => apiError(status, text, contentType, entry.name, authHint),
    close: () => http.close(),
  };
}

/**
 * The body with every occurrence of `key` replaced by ***, across chunk
 * boundaries (the last key.length - 1 bytes wait for the next chunk). Keys
 * shorter than 8 characters are left alone, as the HTTP layer's scrub does.
 */
export async function* withoutKey(body: AsyncIterable<Uint8Array>, key: string): AsyncGenerator<Uint8Array> {
  const needle = Buffer.from(key);
  if (needle.length < 8) {
    yield* body;
    return;
  }
  const mask = Buffer.from('***');
  let carry = Buffer.alloc(0);
  for await (const chunk of body) {
    let data = Buffer.concat([carry, chunk]);
    const parts: Buffer[] = [];
    for (let at = data.indexOf(needle); at >= 0; at = data.indexOf(needle)) {
      parts.push(data.subarray(0, at), mask);
      data = data.subarray(at + needle.length);
    }
    const keep = Math.min(data.length, needle.length - 1);
    parts.push(data.subarray(0, data.length - keep));
    carry = Buffer.from(data.subarray(data.length - keep));
    const out = Buffer.concat(parts);
    if (out.length) yield out;
  }
  if (carry.length) yield carry;
}
