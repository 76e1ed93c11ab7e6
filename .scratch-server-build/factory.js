/**
 * The factory: lazy dependencies handed to every command's run function.
 * A command that needs no credentials never loads them; a command that needs
 * no provider never opens the store. Nothing here reads process.* at import.
 */
import { resolvePaths } from './config/paths.js';
import { ProfileStore } from './config/profiles.js';
import { resolveEffective } from './config/resolve.js';
import { UsageError } from './errors.js';
import { terminalPrompter } from './output/prompt.js';
export function createFactory(deps) {
    let paths;
    let profiles;
    let effective;
    let provider;
    const f = {
        ...deps,
        globals: {},
        paths: () => (paths ??= resolvePaths(deps.env)),
        profiles: () => (profiles ??= new ProfileStore(f.paths().configDir)),
        effective: () => (effective ??= resolveEffective(f.profiles(), { profile: f.globals.profile }, deps.env)),
        provider: () => (provider ??= createProvider(f)),
        prompter: () => terminalPrompter(deps.io),
        output: () => outputOptions(f.globals),
        debug: (line) => {
            if (f.globals.debug)
                deps.io.err.write(`[debug] ${line}\n`);
        },
        close: async () => {
            if (provider)
                await (await provider.catch(() => undefined))?.close();
        },
    };
    return f;
}
export function outputOptions(g) {
    const modes = [g.json && '--json', g.ndjson && '--ndjson', g.quiet && '-q'].filter(Boolean);
    if (modes.length > 1)
        throw new UsageError(`${modes.join(' and ')} cannot be used together`);
    return {
        mode: g.json ? 'json' : g.ndjson ? 'ndjson' : g.quiet ? 'ids' : 'human',
        raw: Boolean(g.raw),
    };
}
async function createProvider(f) {
    const eff = f.effective();
    switch (eff.provider.value) {
        case 'local': {
            const { createLocalProvider } = await import('./providers/local/index.js');
            return createLocalProvider({ dataDir: f.paths().dataDir });
        }
        case 'mistral': {
            const { createMistralProvider } = await import('./providers/mistral/index.js');
            if (!eff.apiKey) {
                throw new UsageError('no API key for the mistral provider', {
                    hint: 'Set MISTRAL_API_KEY, or save one with: lib profile add NAME --provider mistral',
                });
            }
            return createMistralProvider({
                baseUrl: eff.baseUrl?.value ?? 'https://api.mistral.ai',
                apiKey: eff.apiKey.value,
                version: f.version,
                retries: f.globals.retries,
                signal: f.signal,
                debug: f.globals.debug ? (line) => f.debug(line) : undefined,
            });
        }
        default:
            throw new UsageError(`the ${eff.provider.value} provider is not available in this version of lib`);
    }
}
//# sourceMappingURL=factory.js.map