/**
 * Request validation that answers the way FastAPI and pydantic v2 do: every
 * problem found is collected, then one 422 lists them all with the same
 * `type`, `loc` and `msg` words, so clients that render Mistral's detail
 * render ours.
 */
import { validationError, type Issue } from './errors.js';

type Loc = (string | number)[];

const UUID = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

/** Collects issues; `check()` throws the 422 when there is any. */
export class Issues {
  readonly list: Issue[] = [];

  add(issue: Issue): void {
    this.list.push(issue);
  }

  check(): void {
    if (this.list.length > 0) throw validationError(this.list);
  }

  missing(loc: Loc, input: unknown): void {
    this.add({ type: 'missing', loc, msg: 'Field required', input });
  }

  /** A uuid in any form pydantic accepts, normalized to lower case with dashes (how ids are stored). */
  uuid(value: unknown, loc: Loc): string {
    const m = typeof value === 'string' ? UUID.exec(value.trim()) : null;
    if (!m) {
      this.add({ type: 'uuid_parsing', loc, msg: 'Input should be a valid UUID', input: value });
      return '';
    }
    return m.slice(1, 6).join('-').toLowerCase();
  }

  string(value: unknown, loc: Loc): string | undefined {
    if (typeof value === 'string') return value;
    this.add({ type: 'string_type', loc, msg: 'Input should be a valid string', input: value });
    return undefined;
  }

  /** An integer from JSON (a number without fraction) or from a query string. */
  int(value: unknown, loc: Loc, range: { ge?: number; le?: number } = {}): number | undefined {
    let n: number | undefined;
    if (typeof value === 'number' && Number.isInteger(value)) n = value;
    else if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) n = Number(value);
    if (n === undefined || !Number.isSafeInteger(n)) {
      const fromText = typeof value === 'string';
      this.add({
        type: fromText ? 'int_parsing' : 'int_type',
        loc,
        msg: fromText
          ? 'Input should be a valid integer, unable to parse string as an integer'
          : 'Input should be a valid integer',
        input: value,
      });
      return undefined;
    }
    if (range.ge !== undefined && n < range.ge) {
      this.add({
        type: 'greater_than_equal',
        loc,
        msg: `Input should be greater than or equal to ${range.ge}`,
        input: value,
        ctx: { ge: range.ge },
      });
      return undefined;
    }
    if (range.le !== undefined && n > range.le) {
      this.add({
        type: 'less_than_equal',
        loc,
        msg: `Input should be less than or equal to ${range.le}`,
        input: value,
        ctx: { le: range.le },
      });
      return undefined;
    }
    return n;
  }

  /** pydantic's lax booleans, as query strings arrive. */
  bool(value: string, loc: Loc): boolean | undefined {
    const v = value.trim().toLowerCase();
    if (['true', '1', 'yes', 'on', 't', 'y'].includes(v)) return true;
    if (['false', '0', 'no', 'off', 'f', 'n'].includes(v)) return false;
    this.add({
      type: 'bool_parsing',
      loc,
      msg: 'Input should be a valid boolean, unable to interpret input',
      input: value,
    });
    return undefined;
  }

  /** One of a fixed set of words ("Input should be 'Viewer' or 'Editor'"). */
  literal<T extends string>(value: unknown, allowed: readonly T[], loc: Loc): T | undefined {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    const expected = allowed.map((a) => `'${a}'`);
    const words = expected.length > 1 ? `${expected.slice(0, -1).join(', ')} or ${expected.at(-1)}` : expected[0]!;
    this.add({ type: 'enum', loc, msg: `Input should be ${words}`, input: value, ctx: { expected: words } });
    return undefined;
  }

  /** An ISO 8601 date-time (pydantic accepts a date-time with or without an offset). */
  dateTime(value: unknown, loc: Loc): string | undefined {
    if (
      typeof value === 'string' &&
      /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value) &&
      !Number.isNaN(Date.parse(value))
    ) {
      return new Date(value).toISOString();
    }
    this.add({ type: 'datetime_from_date_parsing', loc, msg: 'Input should be a valid datetime', input: value });
    return undefined;
  }
}

/** The JSON body as an object, or a 422 like FastAPI's for a missing or non-object body. */
export function bodyObject(body: unknown, issues: Issues): Record<string, unknown> {
  if (body === undefined) {
    issues.missing(['body'], null);
    issues.check();
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    issues.add({
      type: 'model_attributes_type',
      loc: ['body'],
      msg: 'Input should be a valid dictionary or object to extract fields from',
      input: body,
    });
    issues.check();
  }
  return body as Record<string, unknown>;
}

/** A path parameter that must be a uuid; a malformed one is 422, as Mistral's typed routes answer. */
export function pathUuid(params: Record<string, string>, name: string, issues: Issues): string {
  return issues.uuid(params[name], ['path', name]);
}
