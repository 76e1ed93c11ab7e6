/**
 * The ai21 provider: AI21 Studio's library (seeds 001 and 003), one library
 * per account at /studio/v1/library/files. lib calls that library `ai21`;
 * creating, changing, deleting or sharing libraries is refused from the
 * registry before any request. Files have paths, labels (replaced on update),
 * public URLs and AI21's statuses; no text, bytes, hash, rename or attributes.
 */
import { createHttpClient, userAgent, type HttpClientOptions } from '../../http/index.js';
import type { Provider } from '../types.js';
import { AUTH_HINT } from './errors.js';
import { ai21Ops } from './files.js';

export interface Ai21ProviderOptions extends Partial<
  Omit<HttpClientOptions, 'baseUrl' | 'apiKey' | 'providerName' | 'userAgent'>
> {
  /** Ends in /studio/v1, as AI21's SDKs take it (https://api.ai21.com/studio/v1; lib serve prints its own). */
  baseUrl: string;
  apiKey: string;
  version?: string;
  /** Files asked for per list request: AI21's most, 1000, unless told (tests page with fewer). */
  pageSize?: number;
}

export function createAi21Provider(opts: Ai21ProviderOptions): Provider {
  const { baseUrl, apiKey, version, pageSize, ...http } = opts;
  const client = createHttpClient({
    authHint: AUTH_HINT,
    ...http,
    baseUrl,
    apiKey,
    userAgent: userAgent(version ?? '0.0.0'),
    providerName: 'ai21',
  });
  const ops = ai21Ops(client, pageSize);
  return {
    name: 'ai21',
    hasPaths: true,
    ...ops,
    close: () => client.close(),
  };
}
