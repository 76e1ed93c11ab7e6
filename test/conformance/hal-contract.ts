/**
 * The HAL dialect's contract, specs/hal-libraries.openapi.yaml, for tests:
 * requests are checked by the shared validator (./openapi-requests.ts), and
 * answers here with the same schema checker: the status must be one the
 * operation documents, the content type the one it names, and the body must
 * match that status's schema (required fields, types, formats, and no field
 * the schema does not define).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RequestValidator } from './openapi-requests.js';

export const HAL_SPEC = resolve(dirname(fileURLToPath(import.meta.url)), '../../specs/hal-libraries.openapi.yaml');

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON Schema

export const halValidator = new RequestValidator(readFileSync(HAL_SPEC, 'utf8'));

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function templateFor(pathname: string): string | undefined {
  const parts = pathname.split('/').filter(Boolean);
  const matches = Object.keys(halValidator.spec.paths).filter((t) => {
    const segs = t.split('/').filter(Boolean);
    return segs.length === parts.length && segs.every((s, i) => s.startsWith('{') || s === parts[i]);
  });
  // Literal segments beat templated ones.
  return matches.sort((a, b) => (a.match(/\{/g) ?? []).length - (b.match(/\{/g) ?? []).length)[0];
}

function deref(schema: Schema): Schema {
  let s = schema;
  for (let i = 0; s?.$ref && i < 20; i++) {
    s = (s.$ref as string)
      .slice(2)
      .split('/')
      .reduce((node: Schema, key) => node?.[key], halValidator.spec);
  }
  return s;
}

/**
 * What is wrong with an answer to `method url`: an undocumented status, the
 * wrong content type, a body that does not match. [] when it conforms.
 */
export function answerErrors(
  method: string,
  url: string,
  status: number,
  contentType: string | null,
  body: unknown,
): string[] {
  const pathname = new URL(url, 'http://x').pathname;
  const template = templateFor(pathname);
  if (!template) return [`no path of the spec matches ${pathname}`];
  const op: Schema | undefined = halValidator.spec.paths[template][method.toLowerCase()];
  if (!op || !METHODS.includes(method.toLowerCase())) return [`${method} is not an operation of ${template}`];
  const documented = op.responses?.[String(status)];
  if (!documented) {
    return [`${op.operationId}: status ${status} is not documented (${Object.keys(op.responses).join(', ')})`];
  }
  const response = deref(documented);
  const media = response.content ? Object.keys(response.content) : [];
  if (media.length === 0) {
    return body === undefined || body === '' ? [] : [`${op.operationId} ${status}: a body where none is documented`];
  }
  const type = (contentType ?? '').split(';')[0]!.trim();
  if (!media.includes(type)) {
    // Bytes (file content) are documented as application/octet-stream: any media type of the file.
    if (media.includes('application/octet-stream') && type) return [];
    return [`${op.operationId} ${status}: content type ${type || '(none)'} is not ${media.join(', ')}`];
  }
  const ctx = { errors: [] as string[], deprecated: [] as string[], operationId: op.operationId as string };
  halValidator.check(response.content[type].schema, body, 'body', ctx);
  return ctx.errors.map((e) => `${op.operationId} ${status}: ${e}`);
}

/** Every operation of the spec, "METHOD /template". */
export function operations(): string[] {
  return halValidator.operations().map((o) => `${o.method} ${o.path}`);
}
