/**
 * The hal provider: the uniform operations on a HAL+JSON libraries API
 * (seed 002; the whole dialect in specs/hal-libraries.openapi.yaml): libraries
 * with drivers, natural ids owner:slug, owners that are users or teams,
 * files, shares and sync. Public URLs, attributes, extracted text, pages,
 * signed URLs and reprocessing do not exist there (refused before any request,
 * from the registry's capabilities).
 */
import { createHttpClient, userAgent, type HttpClientOptions } from '../../http/index.js';
import type { Provider } from '../types.js';
import type { Ctx } from './context.js';
import { AUTH_HINT } from './errors.js';
import { fileOps } from './files.js';
import { libraryOps } from './libraries.js';
import { shareOps } from './shares.js';

export interface HalProviderOptions extends Partial<
  Omit<HttpClientOptions, 'baseUrl' | 'apiKey' | 'providerName' | 'userAgent'>
> {
  /** The server's origin (`lib serve` prints it); a base URL ending in /api means the same server. */
  baseUrl: string;
  apiKey: string;
  /** lib's version, for the User-Agent. */
  version?: string;
}

export function createHalProvider(opts: HalProviderOptions): Provider {
  const { baseUrl, apiKey, version, ...http } = opts;
  const ctx: Ctx = {
    http: createHttpClient({
      authHint: AUTH_HINT,
      ...http,
      baseUrl: baseUrl.replace(/\/api\/?$/, ''),
      apiKey,
      userAgent: userAgent(version ?? '0.0.0'),
      providerName: 'hal',
    }),
    libraries: new Map(),
  };
  return {
    name: 'hal',
    hasPaths: true,
    ...libraryOps(ctx),
    ...fileOps(ctx),
    ...shareOps(ctx),
    close: () => ctx.http.close(),
  };
}
