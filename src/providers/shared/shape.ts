/**
 * What a provider accepts from a server before it maps a payload: the fields
 * it relies on, with their types. A 200 that is not the promised shape (`{}`
 * for a created document, a number where a list belongs) is one clear line and
 * exit 1, never a success that is not one, nor an internal error.
 */
import { FailedError } from '../../errors.js';

/** `type` or `type?` (may be absent or null). */
export type FieldType = 'string' | 'number' | 'boolean' | 'array' | 'object';
export type Spec = Record<string, FieldType | `${FieldType}?`>;

function typeOf(value: unknown): FieldType | 'null' | 'other' {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean' || t === 'object' ? t : 'other';
}

/** `value`, checked against `spec`; `what` names it in the error ("mistral document"). */
export function checked<T>(value: unknown, what: string, spec: Spec): T {
  if (typeOf(value) !== 'object') {
    throw new FailedError(`unexpected answer from the server: ${what} is not an object`);
  }
  const record = value as Record<string, unknown>;
  for (const [field, want] of Object.entries(spec)) {
    const optional = want.endsWith('?');
    const type = want.replace('?', '') as FieldType;
    const got = typeOf(record[field]);
    if (got === type || (optional && got === 'null')) continue;
    throw new FailedError(
      `unexpected answer from the server: ${what} has ${got === 'null' ? 'no' : `a non-${type}`} "${field}"`,
    );
  }
  return value as T;
}

/** A list field that must be an array (of objects checked by `item`). */
export function checkedList<T>(value: unknown, what: string, item: (v: unknown) => T): T[] {
  if (!Array.isArray(value)) throw new FailedError(`unexpected answer from the server: ${what} is not a list`);
  return value.map(item);
}

/** A unique start of an id (as tables show them, 8 or more characters) stands for the id. */
export const ID_PREFIX = /^[0-9a-f][0-9a-f-]{3,34}$/i;
