/** Reading and checking HAL request bodies and queries; problems are one 400 (see errors.ts). */
import { readJsonBody } from '../http.js';
import type { Call } from '../context.js';
import { halError, type Problems } from './errors.js';

/** The JSON body as an object ({} when empty); invalid JSON is a 400 (an oversized body the pipeline's 413). */
export async function jsonBody(call: Call, problems: Problems): Promise<Record<string, unknown>> {
  const read = await readJsonBody(call.req);
  if (read.kind === 'invalid') {
    throw halError(400, `body: not valid JSON (${read.reason})`, undefined, {
      errors: [{ field: 'body', message: `not valid JSON (${read.reason})` }],
    });
  }
  if (read.kind === 'none') return {};
  const body = read.value;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    problems.add('body', 'must be a JSON object');
    return {};
  }
  return body as Record<string, unknown>;
}

export function str(
  problems: Problems,
  body: Record<string, unknown>,
  field: string,
  opts: { required?: boolean; nullable?: boolean; nonEmpty?: boolean } = {},
): string | null | undefined {
  const value = body[field];
  if (value === undefined) {
    if (opts.required) problems.add(field, 'is required');
    return undefined;
  }
  if (value === null && opts.nullable) return null;
  if (typeof value !== 'string') {
    problems.add(field, 'must be a string');
    return undefined;
  }
  if (opts.nonEmpty && value.trim() === '') {
    problems.add(field, 'must not be empty');
    return undefined;
  }
  return value;
}

export function bool(problems: Problems, body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    problems.add(field, 'must be true or false');
    return undefined;
  }
  return value;
}

export function obj(
  problems: Problems,
  body: Record<string, unknown>,
  field: string,
): Record<string, unknown> | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) return value;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.add(field, 'must be an object');
    return undefined;
  }
  return value as Record<string, unknown>;
}

/** A whole number in a query (`limit`, `start`), within [min, max]. */
export function queryInt(
  problems: Problems,
  q: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = q.get(name);
  if (text === null || text === '') return fallback;
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    problems.add(name, `must be a whole number from ${min} to ${max}`);
    return fallback;
  }
  return n;
}

export function queryBool(problems: Problems, q: URLSearchParams, name: string): boolean | undefined {
  const text = q.get(name);
  if (text === null) return undefined;
  if (text === 'true' || text === 'false') return text === 'true';
  problems.add(name, 'must be true or false');
  return undefined;
}

/** `sort` as the store takes it, from the fields allowed; '-' for descending. */
export function querySort(
  problems: Problems,
  q: URLSearchParams,
  fallback: string,
  allowed: readonly string[],
): string {
  const sort = q.get('sort') || fallback;
  const field = sort.startsWith('-') ? sort.slice(1) : sort;
  if (!allowed.includes(field)) {
    problems.add('sort', `cannot sort by "${field}"; use one of ${allowed.join(', ')} (- for descending)`);
    return fallback;
  }
  return sort;
}
