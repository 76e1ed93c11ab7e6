/**
 * HAL's error bodies: `{"status", "error", "message"}` (the HTTP status, its
 * reason phrase, and what went wrong in words), plus `errors: [{field,
 * message}]` for a request that fails validation (400), every problem at once.
 * Store errors become the same shape here, never Mistral's `{detail}`.
 */
import { STATUS_CODES } from 'node:http';
import { isStoreError, type StoreError } from '../../store/index.js';
import { HttpError } from '../http.js';

export interface FieldProblem {
  field: string;
  message: string;
}

export function halError(
  status: number,
  message: string,
  headers?: Record<string, string>,
  extra: Record<string, unknown> = {},
): HttpError {
  return new HttpError(status, { status, error: STATUS_CODES[status] ?? 'Error', message, ...extra }, headers);
}

/** Collects what is wrong with a request; check() throws one 400 listing it all. */
export class Problems {
  readonly list: FieldProblem[] = [];

  add(field: string, message: string): void {
    this.list.push({ field, message });
  }

  check(): void {
    if (this.list.length === 0) return;
    const first = this.list[0]!;
    const message =
      this.list.length === 1
        ? `${first.field}: ${first.message}`
        : `${first.field}: ${first.message} (and ${this.list.length - 1} more)`;
    throw halError(400, message, undefined, { errors: this.list });
  }
}

/** The store's errors as HAL errors (invalid input is a 400 naming the field). */
export function fromStore(err: StoreError, field = 'body'): HttpError {
  switch (err.kind) {
    case 'not_found':
      return halError(404, err.message);
    case 'forbidden':
      return halError(403, err.message);
    case 'conflict':
      return halError(409, err.message);
    case 'invalid':
      return halError(400, `${field}: ${err.message}`, undefined, { errors: [{ field, message: err.message }] });
  }
}

/** Runs a store call; its errors as HAL errors, invalid input placed on `field`. */
export function storeCall<T>(fn: () => T, field?: string): T {
  try {
    return fn();
  } catch (err) {
    throw isStoreError(err) ? fromStore(err, field) : err;
  }
}

export async function storeCallAsync<T>(fn: () => Promise<T>, field?: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw isStoreError(err) ? fromStore(err, field) : err;
  }
}
