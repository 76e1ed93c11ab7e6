/**
 * The mistral provider: the uniform operations on Mistral's Libraries API
 * (../shared/specs/mistral-libraries.openapi.yaml, 20 operations). Labels,
 * paths, public URLs, library types, owners and sync do not exist there and
 * say so (UnsupportedError, exit 2) before any request.
 */
import { createHttpClient, userAgent } from '../../http/index.js';
import { contentOps } from './content.js';
import { documentOps } from './documents.js';
import { AUTH_HINT } from './errors.js';
import { libraryOps } from './libraries.js';
import { shareOps } from './shares.js';
export const MISTRAL_BASE_URL = 'https://api.mistral.ai';
export function createMistralProvider(opts) {
    const { baseUrl, apiKey, version, ...http } = opts;
    const ctx = {
        http: createHttpClient({
            authHint: AUTH_HINT,
            ...http,
            baseUrl: baseUrl || MISTRAL_BASE_URL,
            apiKey,
            userAgent: userAgent(version ?? '0.0.0'),
            providerName: 'mistral',
        }),
        names: new Map(),
    };
    return {
        name: 'mistral',
        ...libraryOps(ctx),
        ...documentOps(ctx),
        ...contentOps(ctx),
        ...shareOps(ctx),
        close: () => ctx.http.close(),
    };
}
//# sourceMappingURL=index.js.map