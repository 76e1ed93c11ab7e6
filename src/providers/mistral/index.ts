/**
 * The mistral provider: the uniform operations on Mistral's Libraries API
 * (specs/mistral-libraries.openapi.yaml, 20 operations). Labels,
 * paths, public URLs, library types, owners and sync do not exist there and
 * say so (UnsupportedError, exit 2) before any request.
 */
import { createHttpClient, userAgent, type HttpClientOptions } from '../../http/index.js';
import type { FullProvider } from '../types.js';
import { contentOps } from './content.js';
import type { Ctx } from './context.js';
import { documentOps } from './documents.js';
import { AUTH_HINT } from './errors.js';
import { libraryOps } from './libraries.js';
import { shareOps } from './shares.js';

export const MISTRAL_BASE_URL = 'https://api.mistral.ai';

export interface MistralProviderOptions extends Partial<
  Omit<HttpClientOptions, 'baseUrl' | 'apiKey' | 'providerName' | 'userAgent'>
> {
  /** Default https://api.mistral.ai; `lib serve` or a proxy otherwise. */
  baseUrl?: string;
  apiKey: string;
  /** lib's version, for the User-Agent. */
  version?: string;
}

export function createMistralProvider(opts: MistralProviderOptions): FullProvider {
  const { baseUrl, apiKey, version, ...http } = opts;
  const ctx: Ctx = {
    http: createHttpClient({
      authHint: AUTH_HINT,
      ...http,
      // The API's paths start with /v1; a base URL that already ends in it (as lib serve's
      // and many docs' do) means the same server.
      baseUrl: (baseUrl || MISTRAL_BASE_URL).replace(/\/v1\/?$/, ''),
      apiKey,
      userAgent: userAgent(version ?? '0.0.0'),
      providerName: 'mistral',
    }),
    names: new Map(),
  };
  return {
    name: 'mistral',
    hasPaths: false,
    ...libraryOps(ctx),
    ...documentOps(ctx),
    ...contentOps(ctx),
    ...shareOps(ctx),
    close: () => ctx.http.close(),
  };
}
