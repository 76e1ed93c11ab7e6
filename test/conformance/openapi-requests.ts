/**
 * A small validator of HTTP requests against an OpenAPI 3.1 document: the
 * subset of JSON Schema and OpenAPI that specs/mistral-libraries.openapi.yaml
 * uses. Given a request as it went over the wire (method, path and query,
 * headers, body bytes), it finds the operation (path template + method) and
 * reports every way the request departs from it:
 *
 * - path parameters: type and format (uuid);
 * - query parameters: only declared names, each once, typed (integer, boolean,
 *   string, anyOf with null), within minimum/maximum, enums;
 * - security: a bearer Authorization (ApiKey) or x-api-key header;
 * - body: present exactly when the operation takes one, with a declared
 *   content type; JSON and multipart/form-data bodies checked against the
 *   schema: $ref, anyOf/oneOf/allOf, enum, type, format, minimum/maximum,
 *   required properties, no property the schema does not define (a request
 *   must not rely on a server ignoring what it does not know), no readOnly
 *   property.
 *
 * Deprecated operations, parameters and properties are not errors (the spec
 * still accepts them) but are reported, so a test can pin which ones a client
 * uses.
 *
 * Known flaws of the spec are allowed explicitly and nowhere else: see
 * KNOWN_FLAWS.
 */
import { parse } from 'yaml';

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON Schema

/**
 * Properties a schema lists as required but never defines. The one known
 * case: SharingDelete requires `level`, which it does not define (the
 * official SDKs send none). The validator does not demand such a property;
 * sending it is still an error, as it is not in the schema's properties.
 */
export const KNOWN_FLAWS: Readonly<Record<string, readonly string[]>> = { SharingDelete: ['level'] };

export interface WireRequest {
  method: string;
  /** Path and query, as sent ("/v1/libraries?page_size=3"). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface Verdict {
  /** The matched operation, or null when no path template and method match. */
  operationId: string | null;
  errors: string[];
  /** Deprecated things the request uses: "libraries_create_v1: body.chunk_size". */
  deprecated: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** A file part of a multipart body, standing in for the binary string it carries. */
export class FilePart {
  constructor(
    readonly filename: string,
    readonly type: string,
    readonly size: number,
  ) {}
}

interface Ctx {
  errors: string[];
  deprecated: string[];
  operationId: string;
}

export class RequestValidator {
  readonly spec: Schema;

  constructor(yamlText: string) {
    this.spec = parse(yamlText) as Schema;
  }

  /** Every operation: "METHOD /template" -> operationId, deprecated flag. */
  operations(): { method: string; path: string; operationId: string; deprecated: boolean }[] {
    const out = [];
    for (const [path, item] of Object.entries<Schema>(this.spec.paths ?? {})) {
      for (const method of METHODS) {
        const op = item[method];
        if (op)
          out.push({
            method: method.toUpperCase(),
            path,
            operationId: op.operationId,
            deprecated: Boolean(op.deprecated),
          });
      }
    }
    return out;
  }

  private resolve(schema: Schema): { schema: Schema; name?: string } {
    let name: string | undefined;
    for (let depth = 0; schema?.$ref && depth < 20; depth++) {
      const ref: string = schema.$ref;
      if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
      name = ref.split('/').pop();
      schema = ref
        .slice(2)
        .split('/')
        .reduce((node: Schema, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], this.spec);
      if (!schema) throw new Error(`dangling $ref ${ref}`);
    }
    return { schema, name };
  }

  validate(req: WireRequest): Verdict {
    const url = new URL(req.url, 'http://validator.invalid');
    const method = req.method.toLowerCase();
    const parts = url.pathname.split('/').filter(Boolean).map(decodeSegment);

    // Literal segments beat templated ones, as routers do.
    const candidates = Object.entries<Schema>(this.spec.paths ?? {})
      .map(([template, item]) => ({ template, item, params: bind(template, parts) }))
      .filter((c) => c.params !== null)
      .sort((a, b) => countParams(a.template) - countParams(b.template));
    if (candidates.length === 0)
      return { operationId: null, errors: [`no path of the spec matches ${url.pathname}`], deprecated: [] };
    const found = candidates.find((c) => c.item[method]);
    if (!found) {
      const allowed = METHODS.filter((m) => candidates[0]!.item[m]).map((m) => m.toUpperCase());
      return {
        operationId: null,
        errors: [`${req.method} is not an operation of ${candidates[0]!.template} (${allowed.join(', ')})`],
        deprecated: [],
      };
    }
    const op: Schema = found.item[method];
    const ctx: Ctx = { errors: [], deprecated: [], operationId: op.operationId };
    if (op.deprecated) ctx.deprecated.push(`${op.operationId}: the operation`);

    const params: Schema[] = [...(found.item.parameters ?? []), ...(op.parameters ?? [])].map(
      (p) => this.resolve(p).schema,
    );
    this.checkPath(params, found.params!, ctx);
    this.checkQuery(params, url.searchParams, ctx);
    this.checkSecurity(op, req.headers, ctx);
    this.checkBody(op, req, ctx);
    return { operationId: op.operationId, errors: ctx.errors, deprecated: ctx.deprecated };
  }

  private checkPath(params: Schema[], values: Record<string, string>, ctx: Ctx): void {
    for (const p of params.filter((x) => x.in === 'path')) {
      const value = values[p.name];
      if (value === undefined) ctx.errors.push(`path.${p.name}: missing`);
      else this.check(p.schema ?? {}, value, `path.${p.name}`, ctx);
    }
  }

  private checkQuery(params: Schema[], query: URLSearchParams, ctx: Ctx): void {
    const declared = new Map(params.filter((x) => x.in === 'query').map((p) => [p.name as string, p]));
    for (const name of new Set(query.keys())) {
      const p = declared.get(name);
      if (!p) {
        ctx.errors.push(`query.${name}: not a parameter of ${ctx.operationId} (${[...declared.keys()].join(', ')})`);
        continue;
      }
      const values = query.getAll(name);
      if (values.length > 1 && this.resolve(p.schema ?? {}).schema.type !== 'array')
        ctx.errors.push(`query.${name}: given ${values.length} times`);
      if (p.deprecated || p.schema?.deprecated) ctx.deprecated.push(`${ctx.operationId}: query.${name}`);
      const list = this.resolve(p.schema ?? {}).schema;
      // A list parameter (style form, explode): each repetition is one item.
      if (list.type === 'array')
        values.forEach((v, i) => this.checkQueryValue(list.items ?? {}, v, `query.${name}[${i}]`, ctx));
      else this.checkQueryValue(p.schema ?? {}, values[0]!, `query.${name}`, ctx);
    }
    for (const p of declared.values())
      if (p.required && !query.has(p.name)) ctx.errors.push(`query.${p.name}: required`);
  }

  /** A query value is text: coerce it as a server would for the schema's type, then check the value. */
  private checkQueryValue(schema: Schema, text: string, at: string, ctx: Ctx): void {
    const { schema: s } = this.resolve(schema);
    const branches: Schema[] = s.anyOf ?? s.oneOf ?? [s];
    const tries = branches.map((branch) => {
      const b = this.resolve(branch).schema;
      const sub: Ctx = { errors: [], deprecated: [], operationId: ctx.operationId };
      let value: unknown = text;
      switch (b.type) {
        case 'integer':
        case 'number':
          if (!(b.type === 'integer' ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/).test(text))
            return [`${at}: ${JSON.stringify(text)} is not ${b.type === 'integer' ? 'an integer' : 'a number'}`];
          value = Number(text);
          break;
        case 'boolean':
          if (text !== 'true' && text !== 'false') return [`${at}: ${JSON.stringify(text)} is not true or false`];
          value = text === 'true';
          break;
        case 'null':
          return [`${at}: null cannot be sent in a query`];
      }
      this.check(b, value, at, sub);
      return sub.errors;
    });
    if (!tries.some((e) => e.length === 0))
      ctx.errors.push(
        ...(tries.length === 1 ? tries[0]! : [`${at}: matches no anyOf branch (${tries.flat().join('; ')})`]),
      );
  }

  private checkSecurity(op: Schema, headers: WireRequest['headers'], ctx: Ctx): void {
    const requirements: Schema[] = op.security ?? this.spec.security ?? [];
    if (requirements.length === 0) return;
    const schemes: Schema = this.spec.components?.securitySchemes ?? {};
    const satisfied = requirements.some((req) =>
      Object.keys(req).every((name) => {
        const s = schemes[name];
        if (!s) return false;
        if (s.type === 'http' && s.scheme === 'bearer')
          return /^Bearer \S+$/.test(header(headers, 'authorization') ?? '');
        if (s.type === 'apiKey' && s.in === 'header') return Boolean(header(headers, s.name));
        return false;
      }),
    );
    if (!satisfied)
      ctx.errors.push(`headers: no credentials for ${requirements.map((r) => Object.keys(r).join('+')).join(' or ')}`);
  }

  private checkBody(op: Schema, req: WireRequest, ctx: Ctx): void {
    const contentType = (header(req.headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const hasBody = req.body.length > 0;
    if (!op.requestBody) {
      if (hasBody) ctx.errors.push(`body: ${ctx.operationId} takes no body, got ${req.body.length} bytes`);
      if (contentType) ctx.errors.push(`headers.content-type: ${contentType} on an operation without a body`);
      return;
    }
    const body = this.resolve(op.requestBody).schema;
    if (!hasBody) {
      if (body.required) ctx.errors.push('body: required');
      return;
    }
    const media = body.content?.[contentType];
    if (!media) {
      ctx.errors.push(
        `headers.content-type: ${contentType || '(none)'} is not one of ${Object.keys(body.content ?? {}).join(', ')}`,
      );
      return;
    }
    let value: unknown;
    if (contentType === 'application/json') {
      try {
        value = JSON.parse(req.body.toString('utf8'));
      } catch {
        ctx.errors.push('body: not JSON');
        return;
      }
    } else if (contentType === 'multipart/form-data') {
      const parsed = parseMultipart(req.body, header(req.headers, 'content-type') ?? '');
      if (typeof parsed === 'string') {
        ctx.errors.push(`body: ${parsed}`);
        return;
      }
      value = this.repeatedFields(media.schema ?? {}, parsed);
    } else {
      ctx.errors.push(`body: cannot check ${contentType}`);
      return;
    }
    this.check(media.schema ?? {}, value, 'body', ctx);
  }

  /** A multipart array is its field repeated: given once, it is still an array of one. */
  private repeatedFields(schema: Schema, fields: Record<string, unknown>): Record<string, unknown> {
    const props: Record<string, Schema> = this.resolve(schema).schema.properties ?? {};
    const out = { ...fields };
    for (const [name, value] of Object.entries(fields)) {
      const prop = props[name] && this.resolve(props[name]).schema;
      if (prop?.type === 'array' && !Array.isArray(value)) out[name] = [value];
    }
    return out;
  }

  /** The errors of a value against a schema, in `ctx`. Requests are held strictly (see the file's comment). */
  check(schema: Schema, value: unknown, at: string, ctx: Ctx): void {
    const { schema: s, name } = this.resolve(schema);
    if (s.anyOf || s.oneOf) {
      const branches: Schema[] = s.anyOf ?? s.oneOf;
      const tries = branches.map((b) => {
        const sub: Ctx = { errors: [], deprecated: [], operationId: ctx.operationId };
        this.check(b, value, at, sub);
        return sub;
      });
      const ok = tries.filter((t) => t.errors.length === 0);
      if (ok.length === 0)
        ctx.errors.push(
          `${at}: matches no ${s.anyOf ? 'anyOf' : 'oneOf'} branch (${tries.flatMap((t) => t.errors).join('; ')})`,
        );
      else if (s.oneOf && ok.length > 1) ctx.errors.push(`${at}: matches ${ok.length} oneOf branches`);
      else ctx.deprecated.push(...ok[0]!.deprecated);
    }
    for (const sub of s.allOf ?? []) this.check(sub, value, at, ctx);
    if (s.const !== undefined && value !== s.const) ctx.errors.push(`${at}: must be ${JSON.stringify(s.const)}`);
    if (s.enum && !s.enum.includes(value))
      ctx.errors.push(
        `${at}: ${JSON.stringify(value)} is not one of ${s.enum.map((e: unknown) => JSON.stringify(e)).join(', ')}`,
      );
    const types: string[] | undefined = s.type === undefined ? undefined : Array.isArray(s.type) ? s.type : [s.type];
    if (!types) return;
    const type = types.find((t) => isType(t, value));
    if (!type) {
      ctx.errors.push(`${at}: expected ${types.join(' or ')}, got ${describe(value)}`);
      return;
    }
    switch (type) {
      case 'string':
        this.checkString(s, value as string | FilePart, at, ctx);
        break;
      case 'integer':
      case 'number':
        checkRange(s, value as number, at, ctx);
        break;
      case 'array': {
        const items = value as unknown[];
        if (s.minItems !== undefined && items.length < s.minItems)
          ctx.errors.push(`${at}: fewer than ${s.minItems} items`);
        if (s.maxItems !== undefined && items.length > s.maxItems)
          ctx.errors.push(`${at}: more than ${s.maxItems} items`);
        if (s.items) items.forEach((item, i) => this.check(s.items, item, `${at}[${i}]`, ctx));
        break;
      }
      case 'object':
        this.checkObject(s, name, value as Record<string, unknown>, at, ctx);
        break;
    }
  }

  private checkString(s: Schema, value: string | FilePart, at: string, ctx: Ctx): void {
    if (value instanceof FilePart) {
      if (s.format !== 'binary') ctx.errors.push(`${at}: a file where the schema wants text`);
      return;
    }
    if (s.format === 'binary') ctx.errors.push(`${at}: text where the schema wants a file`);
    if (s.format === 'uuid' && !UUID.test(value)) ctx.errors.push(`${at}: ${JSON.stringify(value)} is not a uuid`);
    if (s.format === 'date-time' && !DATE_TIME.test(value))
      ctx.errors.push(`${at}: ${JSON.stringify(value)} is not a date-time`);
    if (s.minLength !== undefined && value.length < s.minLength) ctx.errors.push(`${at}: shorter than ${s.minLength}`);
    if (s.maxLength !== undefined && value.length > s.maxLength) ctx.errors.push(`${at}: longer than ${s.maxLength}`);
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(value))
      ctx.errors.push(`${at}: does not match ${s.pattern}`);
  }

  private checkObject(s: Schema, name: string | undefined, obj: Record<string, unknown>, at: string, ctx: Ctx): void {
    const props: Record<string, Schema> = s.properties ?? {};
    const flaws = (name && KNOWN_FLAWS[name]) || [];
    for (const key of s.required ?? []) {
      if (key in obj) continue;
      // A documented flaw: required, never defined. Not demanded (and sending it fails below, as unknown).
      if (!(key in props) && flaws.includes(key)) continue;
      ctx.errors.push(
        `${at}.${key}: required${key in props ? '' : ' (and not defined by the schema: a flaw of the spec?)'}`,
      );
    }
    for (const [key, value] of Object.entries(obj)) {
      const prop = props[key];
      if (prop) {
        const resolved = this.resolve(prop).schema;
        if (resolved.readOnly || prop.readOnly) ctx.errors.push(`${at}.${key}: read-only, not for requests`);
        if (resolved.deprecated || prop.deprecated) ctx.deprecated.push(`${ctx.operationId}: ${at}.${key}`);
        this.check(prop, value, `${at}.${key}`, ctx);
      } else if (s.additionalProperties === true || (s.additionalProperties === undefined && !s.properties)) {
        // allowed: a free-form object
      } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        this.check(s.additionalProperties, value, `${at}.${key}`, ctx);
      } else {
        // additionalProperties false, or not said for an object with properties: a request holds to what is defined.
        ctx.errors.push(`${at}.${key}: not a property of ${name ?? 'the schema'} (${Object.keys(props).join(', ')})`);
      }
    }
  }
}

function isType(type: string, value: unknown): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string' || value instanceof FilePart;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof FilePart);
    default:
      throw new Error(`unsupported schema type ${type}`);
  }
}

function checkRange(s: Schema, n: number, at: string, ctx: Ctx): void {
  if (s.minimum !== undefined && n < s.minimum) ctx.errors.push(`${at}: ${n} is less than the minimum ${s.minimum}`);
  if (s.maximum !== undefined && n > s.maximum) ctx.errors.push(`${at}: ${n} is more than the maximum ${s.maximum}`);
  if (typeof s.exclusiveMinimum === 'number' && n <= s.exclusiveMinimum)
    ctx.errors.push(`${at}: ${n} is not above ${s.exclusiveMinimum}`);
  if (typeof s.exclusiveMaximum === 'number' && n >= s.exclusiveMaximum)
    ctx.errors.push(`${at}: ${n} is not below ${s.exclusiveMaximum}`);
  if (s.multipleOf !== undefined && n % s.multipleOf !== 0) ctx.errors.push(`${at}: not a multiple of ${s.multipleOf}`);
}

function describe(value: unknown): string {
  if (value instanceof FilePart) return 'a file';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `${typeof value} ${JSON.stringify(value)}`.slice(0, 80);
}

function header(headers: WireRequest['headers'], name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const countParams = (template: string) => (template.match(/\{/g) ?? []).length;

/** Path parameters of `template` bound from the request's segments, or null when it does not match. */
function bind(template: string, parts: string[]): Record<string, string> | null {
  const segments = template.split('/').filter(Boolean);
  if (segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const m = /^\{(.+)\}$/.exec(seg);
    if (m) params[m[1]!] = parts[i]!;
    else if (seg !== parts[i]) return null;
  }
  return params;
}

/**
 * multipart/form-data (RFC 7578) into {field: text | FilePart}; a field given
 * twice becomes an array. A string names what is malformed.
 */
export function parseMultipart(body: Buffer, contentType: string): Record<string, unknown> | string {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) return 'multipart without a boundary';
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const out: Record<string, unknown> = {};
  let pos = body.indexOf(delimiter);
  if (pos < 0) return 'multipart body without its boundary';
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') return out; // the closing delimiter
    if (body.subarray(pos, pos + 2).toString() !== '\r\n') return 'malformed boundary line';
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) return 'part without a blank line after its headers';
    const headers = body
      .subarray(pos + 2, headerEnd)
      .toString('utf8')
      .split('\r\n');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) return 'unterminated part';
    const content = body.subarray(headerEnd + 4, next);
    const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) return 'part without a name';
    const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
    const type =
      headers
        .find((h) => /^content-type:/i.test(h))
        ?.split(':')[1]
        ?.trim() ?? 'text/plain';
    const value = filename !== undefined ? new FilePart(filename, type, content.length) : content.toString('utf8');
    out[name] = name in out ? [...([] as unknown[]).concat(out[name]), value] : value;
    pos = next + 2;
  }
}
