/**
 * FastAPI's answers, for the dialects whose vendors run FastAPI (Mistral, and
 * AI21 too): HTTPException's {"detail": "..."}, pydantic v2's 422 with a
 * `detail` list, json_invalid for a body that is not JSON, and the store's
 * errors in those shapes.
 */
import type { IncomingMessage } from 'node:http';
import { isStoreError, type StoreError } from '../../store/index.js';
import { HttpError, readJsonBody } from '../http.js';

/** FastAPI's HTTPException shape: {"detail": "..."}. */
export function detailError(status: number, detail: string, headers?: Record<string, string>): HttpError {
  return new HttpError(status, { detail }, headers);
}

/** One item of FastAPI's 422 `detail` list. */
export interface Issue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

export function validationError(issues: Issue[]): HttpError {
  return new HttpError(422, { detail: issues });
}

const STORE_STATUS = { not_found: 404, forbidden: 403, conflict: 409 } as const;

/**
 * The store's errors as FastAPI answers: not found 404, forbidden 403,
 * conflict 409 with {"detail"}; invalid input 422, a value_error on `loc`, as
 * pydantic reports a failed validator. Undefined for anything else.
 */
export function fromStoreError(err: unknown, loc: (string | number)[] = ['body']): HttpError | undefined {
  if (!isStoreError(err)) return undefined;
  if (err.kind === 'invalid') {
    return validationError([{ type: 'value_error', loc, msg: `Value error, ${err.message}` }]);
  }
  return detailError(STORE_STATUS[err.kind], err.message);
}

/** Runs a store call; its errors become FastAPI answers with 422s placed on `loc`. */
export async function storeCall<T>(fn: () => T | Promise<T>, loc: (string | number)[] = ['body']): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw fromStoreError(err, loc) ?? err;
  }
}

/**
 * The request body parsed as JSON, or `undefined` when there is none; text
 * that is not JSON (or nests absurdly deep) is FastAPI's 422 json_invalid.
 */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readJsonBody(req);
  if (body.kind === 'json') return body.value;
  if (body.kind === 'none') return undefined;
  throw validationError([
    { type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: body.reason } },
  ]);
}

/** A dialect's error renderer and store mapping, the FastAPI way (see dialects.ts). */
export const fastapiErrors = {
  error: detailError,
  storeError: (err: StoreError): HttpError => fromStoreError(err)!,
};
