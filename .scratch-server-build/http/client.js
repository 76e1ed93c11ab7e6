/**
 * The thin HTTP layer (DESIGN.md "HTTP layer"): one undici Agent per client
 * (it keeps one keep-alive pool per origin), auth and user agent, timeouts,
 * bounded retries with backoff, typed errors and the --debug trace. Providers
 * build on request(); nothing here knows any vendor's payloads.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request as undiciRequest } from 'undici';
import { CancelError, FailedError, LibError } from '../errors.js';
import { apiError, networkError, reasonPhrase } from './errors.js';
import { IDEMPOTENT_METHODS, RETRY_STATUSES, isConnectionReset, retryDelay } from './retry.js';
import { assertKeyMayGo, redactHeader, redactQuery, scrub } from './security.js';
export const DEFAULT_TIMEOUTS = { connect: 10_000, headers: 60_000, body: 300_000 };
export function userAgent(version) {
    return `lib/${version} node/${process.version}`;
}
const MAX_REDIRECTS = 5;
export function createHttpClient(options) {
    const base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    const key = options.apiKey || undefined;
    // Fail before anything is sent, including the first request.
    if (key)
        assertKeyMayGo(base);
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    const ownAgent = options.dispatcher
        ? undefined
        : new Agent({
            connect: { timeout: timeouts.connect },
            headersTimeout: timeouts.headers,
            bodyTimeout: timeouts.body,
            keepAliveTimeout: 10_000,
        });
    const dispatcher = options.dispatcher ?? ownAgent;
    const retries = Math.max(0, options.retries ?? 4);
    // Read when a client is made, never at import; tests and the fault suite shorten backoff with it.
    const envBase = process.env.LIB_RETRY_BASE_MS?.trim() ? Number(process.env.LIB_RETRY_BASE_MS) : NaN;
    const policy = {
        baseMs: options.retryBaseMs ?? (Number.isFinite(envBase) && envBase >= 0 ? envBase : 250),
        maxMs: options.retryMaxMs ?? 8_000,
        maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    };
    const provider = options.providerName;
    const authHint = options.authHint ?? `Check the API key: lib profile add NAME --provider ${provider}, or set LIB_API_KEY.`;
    const authHeader = options.authHeader ?? ((k) => ['authorization', `Bearer ${k}`]);
    const trace = (line) => options.debug?.(scrub(line, key));
    function resolve(path, query) {
        const url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(path.replace(/^\//, ''), base);
        for (const [name, value] of Object.entries(query ?? {})) {
            if (value !== undefined && value !== null)
                url.searchParams.set(name, String(value));
        }
        return url;
    }
    /** The key must never reach stderr: scrub it from a message before it leaves this layer. */
    function clean(err) {
        const scrubbed = scrub(err.message, key);
        if (scrubbed !== err.message)
            err.message = scrubbed;
        return err;
    }
    async function request(opts) {
        const method = opts.method.toUpperCase();
        const url = resolve(opts.path, opts.query);
        const withKey = opts.auth !== false && key !== undefined;
        if (withKey)
            assertKeyMayGo(url);
        const shown = withKey ? url.href : redactQuery(url);
        const expect = opts.expect ?? 'json';
        const signal = combine(options.signal, opts.signal);
        const attempts = 1 + ((opts.retryable ?? IDEMPOTENT_METHODS.has(method)) ? retries : 0);
        for (let attempt = 1;; attempt++) {
            if (signal?.aborted)
                throw cancelled();
            const headers = {
                'user-agent': options.userAgent,
                accept: expect === 'json' ? 'application/json' : '*/*',
            };
            if (withKey) {
                const [name, value] = authHeader(key);
                headers[name.toLowerCase()] = value;
            }
            let body;
            if (opts.json !== undefined) {
                headers['content-type'] = 'application/json';
                body = JSON.stringify(opts.json);
            }
            else if (opts.form) {
                body = await opts.form();
            }
            for (const [name, value] of Object.entries(opts.headers ?? {}))
                headers[name.toLowerCase()] = value;
            trace(`> ${method} ${shown}${attempt > 1 ? ` (attempt ${attempt}/${attempts})` : ''}`);
            for (const [name, value] of Object.entries(headers))
                trace(`> ${name}: ${redactHeader(name, value)}`);
            if (body !== undefined && typeof body !== 'string')
                trace('> content-type: multipart/form-data');
            const started = performance.now();
            let res;
            try {
                res = await undiciRequest(url, { dispatcher, method: method, headers, body, signal });
            }
            catch (err) {
                if (signal?.aborted)
                    throw cancelled();
                const failure = networkError(err, method, shown, url.origin);
                trace(`! ${failure.message}`);
                if (isConnectionReset(err) && attempt < attempts) {
                    await backoff(attempt, undefined, signal);
                    continue;
                }
                throw clean(failure);
            }
            const status = res.statusCode;
            trace(`< ${status} ${reasonPhrase(status)} (${Math.round(performance.now() - started)} ms)`);
            const resHeaders = res.headers;
            if (status >= 200 && status < 300) {
                try {
                    return { status, headers: resHeaders, body: (await readBody(res, expect, method, shown, signal)) };
                }
                catch (err) {
                    if (signal?.aborted)
                        throw cancelled();
                    // A reset mid-body on a retryable request: the whole exchange can be repeated.
                    if (isConnectionReset(err) && attempt < attempts) {
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
                return { status, headers: resHeaders, body: undefined };
            }
            if (RETRY_STATUSES.has(status) && attempt < attempts) {
                await res.body.dump().catch(() => undefined);
                await backoff(attempt, header(resHeaders, 'retry-after'), signal);
                continue;
            }
            let text = '';
            try {
                text = await res.body.text();
            }
            catch {
                if (signal?.aborted)
                    throw cancelled();
            }
            const error = apiError(status, scrub(text, key), header(resHeaders, 'content-type'), provider, authHint);
            throw clean(error);
        }
    }
    async function backoff(attempt, retryAfter, signal) {
        const delay = retryDelay(attempt, retryAfter, policy);
        trace(`! retrying in ${delay} ms${retryAfter !== undefined ? ` (Retry-After: ${retryAfter})` : ''}`);
        try {
            await sleep(delay, undefined, { signal });
        }
        catch {
            throw cancelled();
        }
    }
    async function download(url, signal) {
        let target = resolve(url, undefined).href;
        for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
            const res = await request({
                method: 'GET',
                path: target,
                auth: false,
                expect: 'stream',
                signal,
            });
            if (res.body !== undefined)
                return res;
            const location = header(res.headers, 'location');
            if (!location)
                throw new FailedError(`redirect without a location from ${redactQuery(new URL(target))}`);
            target = new URL(location, target).href;
        }
        throw new FailedError(`too many redirects downloading ${redactQuery(new URL(url, base))}`);
    }
    return {
        baseUrl: base.href.replace(/\/$/, ''),
        request,
        async getJson(path, query) {
            return (await request({ method: 'GET', path, query })).body;
        },
        sendJson(method, path, json, opts) {
            return request({ ...opts, method, path, json });
        },
        download,
        async close() {
            await ownAgent?.close();
        },
    };
}
async function readBody(res, expect, method, shown, signal) {
    switch (expect) {
        case 'none':
            await res.body.dump();
            return undefined;
        case 'stream':
            return guardStream(res.body, signal);
        case 'text':
            return res.body.text();
        case 'json': {
            const text = await res.body.text();
            if (!text.trim())
                return undefined;
            try {
                return JSON.parse(text);
            }
            catch {
                throw new FailedError(`unexpected non-JSON response to ${method} ${shown} (${res.statusCode})`);
            }
        }
    }
}
/** Errors while the caller reads a streamed body become CancelError or FailedError too. */
async function* guardStream(body, signal) {
    try {
        yield* body;
    }
    catch (err) {
        if (signal?.aborted)
            throw cancelled();
        const message = err instanceof Error ? err.message : String(err);
        throw new FailedError(`download interrupted: ${message}`, { cause: err });
    }
}
function header(headers, name) {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
}
function combine(a, b) {
    if (a && b)
        return AbortSignal.any([a, b]);
    return a ?? b;
}
function cancelled() {
    return new CancelError('cancelled');
}
//# sourceMappingURL=client.js.map