/**
 * The dialects `lib serve` speaks, one entry each. The pipeline (signed links,
 * faults, auth, routing, logging; app.ts) loops over this table; everything a
 * vendor decides is in its entry, and nothing outside its folder knows its words.
 *
 * To add a dialect: a folder src/server/<name>/ whose index.ts
 * exports a function returning its Dialect, and one line in dialects() below.
 * The entry says:
 *   - name: as start-up lists it ("mistral"), and as signed links name it;
 *   - prefix: the path its routes live under ("/v1"); prefixes must not overlap;
 *   - basePath: what a client appends to the server URL for its base URL (""
 *     when the vendor's clients add the prefix themselves, as Mistral's do;
 *     start-up prints server URL + basePath as that dialect's LIB_BASE_URL);
 *   - router: its routes, full paths including the prefix (router.ts);
 *   - contentType: of its JSON answers, errors included ("application/hal+json");
 *   - auth: where it takes a key from: `bearer` (Authorization: Bearer) and/or
 *     a `header` (x-api-key), only those its vendor accepts;
 *   - error(status, message, headers): its error body, used for 401, 404, 405,
 *     injected faults and every Problem (signed links, permission rules, a body
 *     too large). FastAPI vendors take fastapi/'s `fastapiErrors`;
 *   - storeError(err), optional: the store's errors (not found, forbidden,
 *     conflict, invalid) its vendor's way; by default error() with 404, 403,
 *     409 or 422 and the store's message.
 *   - start(env), settled(), optional: background work while serving (hal's
 *     scheduled syncs) and a promise of its end, for a clean stop.
 * Handlers receive the matched dialect as `call.dialect`. Permission rules no
 * vendor owns are in access.ts; FastAPI's shapes and pydantic-style
 * validation in fastapi/.
 */
import type { StoreError } from '../store/index.js';
import { isStoreError } from '../store/index.js';
import type { Env, Handler } from './context.js';
import { ai21Dialect } from './ai21/index.js';
import { halDialect } from './hal/index.js';
import { HttpError, neutralError, Problem } from './http.js';
import { mistralDialect } from './mistral/index.js';
import type { Router } from './router.js';

export interface Dialect {
  name: string;
  prefix: string;
  basePath: string;
  router: Router<Handler>;
  contentType: string;
  auth: { bearer: boolean; header?: string };
  error(status: number, message: string, headers?: Record<string, string>): HttpError;
  storeError?(err: StoreError): HttpError;
  /** Work of its own while the server runs (hal's scheduled syncs); returns how to stop it. */
  start?(env: Env): () => void;
  /** Resolves once its background work has finished (for a clean stop). */
  settled?(): Promise<void>;
}

export function dialects(): Dialect[] {
  return [mistralDialect(), halDialect(), ai21Dialect()];
}

/** The dialect whose prefix `pathname` is under, if any. */
export function dialectFor(table: readonly Dialect[], pathname: string): Dialect | undefined {
  return table.find((d) => pathname === d.prefix || pathname.startsWith(`${d.prefix}/`));
}

const STORE_STATUS = { not_found: 404, forbidden: 403, conflict: 409, invalid: 422 } as const;

/**
 * An error as the reply `dialect` gives (neutral JSON where none matched):
 * HttpError as it is, a Problem or a store error rendered; undefined for
 * anything else (a bug: the pipeline answers 500).
 */
export function renderError(dialect: Dialect | undefined, err: unknown): HttpError | undefined {
  if (err instanceof HttpError) return err;
  const render = dialect ? dialect.error.bind(dialect) : neutralError;
  if (err instanceof Problem) return render(err.status, err.message, err.headers);
  if (isStoreError(err)) return dialect?.storeError?.(err) ?? render(STORE_STATUS[err.kind], err.message);
  return undefined;
}
