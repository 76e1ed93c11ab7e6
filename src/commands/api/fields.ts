/**
 * `lib api` fields, as gh writes them: `-f key=value` is always the string
 * value; `-F key=value` is typed (true, false, null, integers and decimals
 * become JSON values, `@file` the file's content, `@-` stdin's). `key[]=v`
 * appends to an array. The fields go to the query string of a GET (and of any
 * request whose body is --input), and make the JSON body otherwise.
 */
import fs from 'node:fs';
import { UsageError } from '../../errors.js';

export type FieldValue = string | number | boolean | null;

export interface Field {
  key: string;
  value: FieldValue;
  /** `key[]=v`: one more element of the array `key`. */
  append: boolean;
}

export function parseField(pair: string, typed: boolean, readStdin: () => string): Field {
  const eq = pair.indexOf('=');
  if (eq <= 0) throw new UsageError(`invalid field "${pair}": expected key=value`);
  let key = pair.slice(0, eq);
  const raw = pair.slice(eq + 1);
  const append = key.endsWith('[]');
  if (append) key = key.slice(0, -2);
  if (key === '') throw new UsageError(`invalid field "${pair}": the key is empty`);
  return { key, value: typed ? typedValue(raw, readStdin) : raw, append };
}

function typedValue(raw: string, readStdin: () => string): FieldValue {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(raw) && Number.isSafeInteger(Math.trunc(Number(raw)))) return Number(raw);
  if (raw.startsWith('@')) {
    const file = raw.slice(1);
    if (file === '-') return readStdin();
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  return raw;
}

/** The fields as a JSON object (`key[]` collected into arrays). */
export function fieldsBody(fields: Field[]): Record<string, FieldValue | FieldValue[]> {
  const body: Record<string, FieldValue | FieldValue[]> = {};
  for (const { key, value, append } of fields) {
    if (!append) body[key] = value;
    else {
      const list = body[key];
      body[key] = Array.isArray(list) ? [...list, value] : [value];
    }
  }
  return body;
}

/** The fields as query parameters (a repeated or `key[]` key repeats; null is empty). */
export function fieldsQuery(fields: Field[]): URLSearchParams {
  const query = new URLSearchParams();
  for (const { key, value } of fields) query.append(key, value === null ? '' : String(value));
  return query;
}
