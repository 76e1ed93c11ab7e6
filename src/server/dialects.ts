/**
 * The dialects `lib serve` speaks, one entry each. The pipeline (signed links,
 * faults, auth, routing, logging) loops over this table; everything a vendor
 * decides is in its entry. To add a dialect: a folder under server/ with its
 * routes, and an entry here saying
 *   - prefix: the path its routes live under ("/v1"), and basePath: what a
 *     client appends to the server URL for its base URL ("" when the client
 *     adds the prefix itself, as Mistral's do);
 *   - error(): its error body for a status and message (401, 404, 405, faults);
 *   - contentType: of its JSON answers ("application/hal+json" for HAL);
 *   - auth: the headers it takes a key from (Bearer, and/or an x-api-key header).
 */
import type { Handler } from './context.js';
import type { HttpError } from './http.js';
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
}

export function dialects(): Dialect[] {
  return [mistralDialect()];
}

/** The dialect whose prefix `pathname` is under, if any. */
export function dialectFor(table: readonly Dialect[], pathname: string): Dialect | undefined {
  return table.find((d) => pathname === d.prefix || pathname.startsWith(`${d.prefix}/`));
}
