/**
 * The factory: lazy dependencies handed to every command's run function.
 * A command that needs no credentials never loads them; a command that needs
 * no provider never opens the store. Nothing here reads process.* at import.
 */
import type { Clock } from './clock.js';
import { resolvePaths, type Paths } from './config/paths.js';
import { ProfileStore } from './config/profiles.js';
import { resolveEffective, type Effective } from './config/resolve.js';
import { UnsupportedError, UsageError } from './errors.js';
import type { IO } from './output/io.js';
import { terminalPrompter, type Prompter } from './output/prompt.js';
import type { OutputOptions } from './output/render.js';
import { PROVIDER_NAMES, REGISTRY, type ProviderName } from './providers/registry.js';
import type { ApiClient } from './providers/shared/api.js';
import type { PageReader } from './providers/shared/api-page.js';
import type { Provider } from './providers/types.js';

export interface GlobalOptions {
  profile?: string;
  json?: boolean;
  ndjson?: boolean;
  quiet?: boolean;
  raw?: boolean;
  color?: boolean;
  debug?: boolean;
  yes?: boolean;
  retries?: number;
}

export interface Factory {
  readonly version: string;
  readonly env: NodeJS.ProcessEnv;
  readonly io: IO;
  /** Fires on Ctrl-C; passed to every request. */
  readonly signal: AbortSignal;
  /** What polls and backoffs wait on (the system's, unless main() was handed one). */
  readonly clock: Clock;
  globals: GlobalOptions;
  paths(): Paths;
  profiles(): ProfileStore;
  effective(): Effective;
  provider(): Promise<Provider>;
  /** The current provider's raw API (`lib api`): its HTTP client, for any path. Exit 2 on a provider without one. */
  api(): Promise<ApiClient>;
  prompter(): Prompter;
  output(): OutputOptions;
  /** --debug trace line on stderr; a no-op otherwise. */
  debug(line: string): void;
  /** Close whatever was opened (store handles, HTTP pools). */
  close(): Promise<void>;
}

export function createFactory(deps: {
  version: string;
  env: NodeJS.ProcessEnv;
  io: IO;
  signal: AbortSignal;
  clock: Clock;
}): Factory {
  let paths: Paths | undefined;
  let profiles: ProfileStore | undefined;
  let effective: Effective | undefined;
  let provider: Promise<Provider> | undefined;
  let api: Promise<ApiClient> | undefined;

  const f: Factory = {
    ...deps,
    globals: {},
    paths: () => (paths ??= resolvePaths(deps.env)),
    profiles: () => (profiles ??= new ProfileStore(f.paths().configDir)),
    effective: () => (effective ??= resolveEffective(f.profiles(), { profile: f.globals.profile }, deps.env)),
    provider: () => (provider ??= createProvider(f)),
    api: () => (api ??= createApi(f)),
    prompter: () => terminalPrompter(deps.io),
    output: () => outputOptions(f.globals),
    debug: (line) => {
      if (f.globals.debug) deps.io.err.write(`[debug] ${line}\n`);
    },
    close: async () => {
      if (provider) await (await provider.catch(() => undefined))?.close();
      if (api) await (await api.catch(() => undefined))?.close();
    },
  };
  return f;
}

export function outputOptions(g: GlobalOptions): OutputOptions {
  const modes = [g.json && '--json', g.ndjson && '--ndjson', g.quiet && '-q'].filter(Boolean);
  if (modes.length > 1) throw new UsageError(`${modes.join(' and ')} cannot be used together`);
  return {
    mode: g.json ? 'json' : g.ndjson ? 'ndjson' : g.quiet ? 'ids' : 'human',
    raw: Boolean(g.raw),
  };
}

async function createProvider(f: Factory): Promise<Provider> {
  const name = f.effective().provider.value;
  switch (name) {
    case 'local': {
      const { createLocalProvider } = await import('./providers/local/index.js');
      return createLocalProvider({ dataDir: f.paths().dataDir, now: f.clock.now });
    }
    case 'mistral': {
      const { createMistralProvider } = await import('./providers/mistral/index.js');
      return createMistralProvider(remoteSettings(f, name));
    }
    case 'ai21': {
      const { createAi21Provider } = await import('./providers/ai21/index.js');
      return createAi21Provider({ ...remoteSettings(f, name), pageSize: ai21PageSize(f.env) });
    }
    case 'hal': {
      const { createHalProvider } = await import('./providers/hal/index.js');
      return createHalProvider(remoteSettings(f, name));
    }
    default: {
      // Every provider of the registry is handled above; the compiler checks it.
      const unknown: never = name;
      throw new UsageError(`unknown provider "${String(unknown)}"`);
    }
  }
}

/**
 * What every remote provider (and `lib api`) is built from: the base URL (the
 * registry's default where the vendor has one), the key, and the HTTP settings;
 * or one line saying which of the first two is missing and where to set it.
 */
function remoteSettings(f: Factory, name: Exclude<ProviderName, 'local'>) {
  const eff = f.effective();
  const entry = REGISTRY[name];
  const baseUrl = eff.baseUrl?.value ?? entry.defaultBaseUrl;
  const save = `lib profile add NAME --provider ${name}${entry.defaultBaseUrl ? '' : ' --base-url URL'}`;
  if (!baseUrl) {
    throw new UsageError(`no base URL for the ${name} provider`, {
      hint: `Set LIB_BASE_URL (lib serve prints it), or save one with: ${save}`,
    });
  }
  if (!eff.apiKey) {
    throw new UsageError(`no API key for the ${name} provider`, {
      hint: `Set ${entry.keyEnv ?? 'LIB_API_KEY'}, or save one with: ${save}`,
    });
  }
  return {
    baseUrl,
    apiKey: eff.apiKey.value,
    version: f.version,
    retries: f.globals.retries,
    retryBaseMs: retryBaseMs(f.env),
    signal: f.signal,
    clock: f.clock,
    debug: f.globals.debug ? (line: string) => f.debug(line) : undefined,
  };
}

/** LIB_AI21_PAGE_SIZE (1 to 1000) makes ai21 list pages smaller, so tests see paging without 1,001 files. */
function ai21PageSize(env: NodeJS.ProcessEnv): number | undefined {
  const value = Number(env.LIB_AI21_PAGE_SIZE);
  return Number.isInteger(value) && value >= 1 && value <= 1000 ? value : undefined;
}

/** Each remote provider's own paging, for `lib api --paginate`. */
const PAGE_READERS = {
  mistral: () => import('./providers/mistral/api-page.js'),
  ai21: () => import('./providers/ai21/api-page.js'),
  hal: () => import('./providers/hal/api-page.js'),
} satisfies Record<Exclude<ProviderName, 'local'>, () => Promise<{ readPage: PageReader }>>;

/**
 * A raw client for the effective remote provider, from its registry entry:
 * the same base URL, key and HTTP settings its verbs use.
 */
async function createApi(f: Factory): Promise<ApiClient> {
  const name = f.effective().provider.value;
  if (name === 'local') {
    const remote = PROVIDER_NAMES.filter((p) => p !== 'local').join(', ');
    throw new UnsupportedError(
      `lib api needs a remote provider (${remote}); the current one is local: run lib serve and point LIB_PROVIDER, LIB_BASE_URL and LIB_API_KEY at it`,
    );
  }
  const { createApiClient } = await import('./providers/shared/api.js');
  const { readPage } = await PAGE_READERS[name]();
  return createApiClient(REGISTRY[name], remoteSettings(f, name), readPage);
}

/** LIB_RETRY_BASE_MS shortens backoff (the fault tests use it); undefined keeps the HTTP layer's default. */
function retryBaseMs(env: NodeJS.ProcessEnv): number | undefined {
  const value = Number(env.LIB_RETRY_BASE_MS);
  return env.LIB_RETRY_BASE_MS && Number.isFinite(value) && value >= 0 ? value : undefined;
}
