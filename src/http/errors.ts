/** Turning HTTP failures into the project's typed errors with readable one-line messages. */
import { STATUS_CODES } from 'node:http';
import { ApiError, FailedError } from '../errors.js';

export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? 'Unknown Status';
}

/**
 * The human part of an error body: FastAPI's `detail` (a string, or a list of
 * {loc, msg} rendered `body.name: Field required`), else `message` or `error`
 * (a string or {message}). Null when the body says nothing readable.
 */
export function detailOf(body: unknown): string | null {
  if (typeof body === 'string') return body.trim() || null;
  if (!body || typeof body !== 'object') return null;
  const { detail, message, error } = body as Record<string, unknown>;
  if (typeof detail === 'string' && detail) return detail;
  if (Array.isArray(detail) && detail.length > 0) return detail.map(validationItem).join('; ');
  if (detail && typeof detail === 'object') return detailOf(detail);
  if (typeof message === 'string' && message) return message;
  if (typeof error === 'string' && error) return error;
  if (error && typeof error === 'object') return detailOf(error);
  return null;
}

function validationItem(item: unknown): string {
  if (!item || typeof item !== 'object') return String(item);
  const { loc, msg } = item as { loc?: unknown; msg?: unknown };
  const where = Array.isArray(loc) ? loc.join('.') : '';
  const what = typeof msg === 'string' ? msg : JSON.stringify(item);
  return where ? `${where}: ${what}` : what;
}

/** Parse an error body if it is JSON; otherwise keep it as text (an HTML page from a proxy). */
export function parseErrorBody(text: string, contentType: string | undefined): { body: unknown; json: boolean } {
  const looksJson = /json/i.test(contentType ?? '') || /^\s*[[{"]/.test(text);
  if (looksJson) {
    try {
      return { body: JSON.parse(text), json: true };
    } catch {
      // fall through: a lying content-type is still not JSON
    }
  }
  return { body: text, json: false };
}

export function apiError(
  status: number,
  text: string,
  contentType: string | undefined,
  provider: string,
  authHint: string,
): ApiError {
  const { body, json } = parseErrorBody(text, contentType);
  const detail = json ? detailOf(body) : null;
  const summary =
    detail ?? `HTTP ${status} ${reasonPhrase(status)}${json || !text.trim() ? '' : ' (non-JSON response)'}`;
  const hint = status === 401 || status === 403 ? authHint : undefined;
  return new ApiError(`${oneLine(summary)} (${provider}, ${status})`, status, body, { hint });
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 500 ? `${flat.slice(0, 497)}...` : flat;
}

function codeOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const inner = (e as { errors?: unknown[] }).errors?.[0];
    const innerCode = (inner as { code?: unknown } | undefined)?.code;
    if (typeof innerCode === 'string') return innerCode;
  }
  return undefined;
}

/** A transport failure (no HTTP status): say what we were doing and to whom. */
export function networkError(err: unknown, method: string, shownUrl: string, origin: string): FailedError {
  const code = codeOf(err);
  const message = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new FailedError(`timed out connecting to ${origin}`, { cause: err });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new FailedError(`timed out waiting for a response to ${method} ${shownUrl}`, { cause: err });
    case 'UND_ERR_BODY_TIMEOUT':
      return new FailedError(`timed out reading the response to ${method} ${shownUrl}`, { cause: err });
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new FailedError(`cannot connect to ${origin} (${code})`, { cause: err });
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return new FailedError(`connection to ${origin} was closed during ${method} ${shownUrl} (${code})`, {
        cause: err,
      });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new FailedError(`cannot resolve ${new URL(origin).hostname} (${code})`, { cause: err });
    default: {
      const suffix = code && !message.includes(code) ? `${message} (${code})` : message;
      return new FailedError(`${method} ${shownUrl} failed: ${suffix || 'network error'}`, { cause: err });
    }
  }
}
