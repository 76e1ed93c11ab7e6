/** Where a key may go, and how it is kept out of traces and messages. */
import { isIP } from 'node:net';
import { UsageError } from '../errors.js';
import { withoutPassword } from '../urls.js';

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  // IPv4-mapped IPv6 loopback, e.g. ::ffff:127.0.0.1 (URL normalizes it to hex).
  return /^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(host);
}

/** A key sent over plain http can be read by anyone on the path; loopback is the exception (lib serve, tests). */
export function assertKeyMayGo(url: URL): void {
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new UsageError(`refusing to send the API key over plain http to ${url.hostname}; use https`, {
      hint: 'Set an https:// base URL (--base-url, LIB_BASE_URL or the profile).',
    });
  }
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'cookie']);

/** Header value for a trace: the auth scheme stays visible, the secret never does. */
export function redactHeader(name: string, value: string): string {
  if (!SECRET_HEADERS.has(name.toLowerCase())) return value;
  const scheme = /^(Bearer|Basic|Token)\s/i.exec(value);
  return scheme ? `${scheme[1]} ***` : '***';
}

/**
 * Replace every occurrence of the key in text (error bodies that echo it back,
 * URLs). Short keys are skipped: blanking every "x" would garble messages, and a
 * real key is never that short.
 */
export function scrub(text: string, key: string | undefined): string {
  if (!key) return text;
  if (key.length >= 8) return text.split(key).join('***');
  // A short key is scrubbed where it stands as a token of its own, so it cannot
  // leak through an echoed error while the words around it stay readable.
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![A-Za-z0-9_~+/-])${escaped}(?![A-Za-z0-9_~+/-])`, 'g'), '***');
}

/** A URL for a trace or a message: never a password, and (`hideQuery`) not a signed link's credential. */
export function shownUrl(url: URL, hideQuery = false): string {
  if (hideQuery && url.search) return `${withoutPassword(url.origin + url.pathname)}?***`;
  return withoutPassword(url.href);
}

/** Signed URLs carry their credential in the query; a trace shows the path only. */
export function redactQuery(url: URL): string {
  return shownUrl(url, true);
}
