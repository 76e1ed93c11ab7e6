/** Where a key may go, and how it is kept out of traces and messages. */
import { isIP } from 'node:net';
import { UsageError } from '../errors.js';
export function isLoopback(hostname) {
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (host === 'localhost' || host.endsWith('.localhost'))
        return true;
    if (host === '::1')
        return true;
    if (isIP(host) === 4)
        return host.startsWith('127.');
    // IPv4-mapped IPv6 loopback, e.g. ::ffff:127.0.0.1 (URL normalizes it to hex).
    return /^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(host);
}
/** A key sent over plain http can be read by anyone on the path; loopback is the exception (lib serve, tests). */
export function assertKeyMayGo(url) {
    if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
        throw new UsageError(`refusing to send the API key over plain http to ${url.hostname}; use https`, {
            hint: 'Set an https:// base URL (--base-url, LIB_BASE_URL or the profile).',
        });
    }
}
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'cookie']);
/** Header value for a trace: the auth scheme stays visible, the secret never does. */
export function redactHeader(name, value) {
    if (!SECRET_HEADERS.has(name.toLowerCase()))
        return value;
    const scheme = /^(Bearer|Basic|Token)\s/i.exec(value);
    return scheme ? `${scheme[1]} ***` : '***';
}
/**
 * Replace every occurrence of the key in text (error bodies that echo it back,
 * URLs). Short keys are skipped: blanking every "x" would garble messages, and a
 * real key is never that short.
 */
export function scrub(text, key) {
    if (!key || key.length < 8)
        return text;
    return text.split(key).join('***');
}
/** Signed URLs carry their credential in the query; a trace shows the path only. */
export function redactQuery(url) {
    if (!url.search)
        return url.href;
    return `${url.origin}${url.pathname}?***`;
}
//# sourceMappingURL=security.js.map