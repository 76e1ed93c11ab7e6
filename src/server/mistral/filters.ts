/**
 * `filters_attributes` on document lists: a JSON filter over the documents'
 * attributes. Mistral does not document the grammar in the spec; we accept
 * the shapes its filter conditions use elsewhere, and the obvious shorthand:
 *
 *   {"field": "team", "op": "eq", "value": "core"}       one condition (op defaults to eq)
 *   {"and": [F, ...]} / {"or": [F, ...]} / [F, ...]       groups (a list means and)
 *   {"team": "core", "year": 2024}                        equality on each key
 *
 * Operators: eq neq lt lte gt gte contains icontains notcontains inotcontains
 * startswith istartswith endswith iendswith isnull includes excludes len_eq.
 */
import type { Issues } from '../fastapi/index.js';

export type AttributeFilter = (attrs: Record<string, unknown>) => boolean;

type Op = (actual: unknown, expected: unknown) => boolean;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const lower = (v: unknown): string | undefined => str(v)?.toLowerCase();
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // ISO dates compare as text; so do plain strings.
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

/** An ordering operator: false when the two values cannot be compared. */
function ordered(test: (c: number) => boolean): Op {
  return (a, b) => {
    const c = compare(a, b);
    return c !== undefined && test(c);
  };
}

function has(a: unknown, b: unknown, fold: boolean): boolean {
  if (Array.isArray(a)) return a.some((x) => (fold ? lower(x) === lower(b) && lower(b) !== undefined : same(x, b)));
  const s = fold ? lower(a) : str(a);
  const t = fold ? lower(b) : str(b);
  return s !== undefined && t !== undefined && s.includes(t);
}

const OPS: Record<string, Op> = {
  eq: same,
  neq: (a, b) => !same(a, b),
  lt: ordered((c) => c < 0),
  lte: ordered((c) => c <= 0),
  gt: ordered((c) => c > 0),
  gte: ordered((c) => c >= 0),
  contains: (a, b) => has(a, b, false),
  icontains: (a, b) => has(a, b, true),
  notcontains: (a, b) => !has(a, b, false),
  inotcontains: (a, b) => !has(a, b, true),
  startswith: (a, b) => str(b) !== undefined && (str(a)?.startsWith(str(b)!) ?? false),
  istartswith: (a, b) => lower(b) !== undefined && (lower(a)?.startsWith(lower(b)!) ?? false),
  endswith: (a, b) => str(b) !== undefined && (str(a)?.endsWith(str(b)!) ?? false),
  iendswith: (a, b) => lower(b) !== undefined && (lower(a)?.endsWith(lower(b)!) ?? false),
  isnull: (a, b) => (a === undefined || a === null) === (b !== false),
  includes: (a, b) => Array.isArray(a) && (Array.isArray(b) ? b : [b]).every((x) => a.some((y) => same(x, y))),
  excludes: (a, b) => !Array.isArray(a) || (Array.isArray(b) ? b : [b]).every((x) => !a.some((y) => same(x, y))),
  len_eq: (a, b) => (Array.isArray(a) || typeof a === 'string') && a.length === b,
};

class FilterError extends Error {}

function build(node: unknown): AttributeFilter {
  if (Array.isArray(node)) return build({ and: node });
  if (!node || typeof node !== 'object') throw new FilterError('a filter must be an object or a list');
  const obj = node as Record<string, unknown>;
  for (const group of ['and', 'or'] as const) {
    if (group in obj) {
      const items = obj[group];
      if (!Array.isArray(items)) throw new FilterError(`"${group}" takes a list of filters`);
      const parts = items.map(build);
      return group === 'and' ? (attrs) => parts.every((p) => p(attrs)) : (attrs) => parts.some((p) => p(attrs));
    }
  }
  if ('field' in obj) {
    const field = obj.field;
    const opName = obj.op ?? 'eq';
    if (typeof field !== 'string') throw new FilterError('"field" must be a string');
    const op = typeof opName === 'string' ? OPS[opName] : undefined;
    if (!op)
      throw new FilterError(`unknown operator ${JSON.stringify(opName)}; use one of ${Object.keys(OPS).join(', ')}`);
    return (attrs) => op(attrs[field], obj.value);
  }
  const entries = Object.entries(obj);
  return (attrs) => entries.every(([k, v]) => same(attrs[k], v));
}

/** The filter, or undefined with a 422 issue on `loc` when the text is not one. */
export function parseAttributeFilter(
  text: string,
  loc: (string | number)[],
  issues: Issues,
): AttributeFilter | undefined {
  try {
    return build(JSON.parse(text) as unknown);
  } catch (err) {
    const why = err instanceof FilterError ? err.message : 'not valid JSON';
    issues.add({ type: 'value_error', loc, msg: `Value error, invalid attribute filter: ${why}`, input: text });
    return undefined;
  }
}
