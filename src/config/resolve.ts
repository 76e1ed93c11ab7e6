/**
 * The precedence rules, in one place: flags > environment > the selected
 * profile > the built-in `local` profile. Each value remembers where it came
 * from so `lib profile show` can say why lib does what it does.
 */
import { UsageError } from '../errors.js';
import { withoutPassword } from '../urls.js';
import { REGISTRY } from '../providers/registry.js';
import { BUILTIN_PROFILE, checkProviderName, type ProfileStore, type ProviderName } from './profiles.js';

export type Source = 'flag' | 'env' | 'profile' | 'default';

export interface Sourced<T> {
  value: T;
  source: Source;
  /** The flag, variable or profile name it came from. */
  from: string;
}

export interface Effective {
  profile: Sourced<string>;
  provider: Sourced<ProviderName>;
  baseUrl: Sourced<string> | null;
  apiKey: Sourced<string> | null;
  orgId: Sourced<string> | null;
  /** The default library: LIB_LIBRARY, else the profile's. */
  library: Sourced<string> | null;
}

/** Each provider's default base URL and its vendor's key variable (read after LIB_API_KEY), from the registry. */
export const DEFAULT_BASE_URLS: Partial<Record<ProviderName, string>> = Object.fromEntries(
  Object.values(REGISTRY).flatMap((p) => (p.defaultBaseUrl ? [[p.name, p.defaultBaseUrl]] : [])),
);
const VENDOR_KEY_ENV: Partial<Record<ProviderName, string>> = Object.fromEntries(
  Object.values(REGISTRY).flatMap((p) => (p.keyEnv ? [[p.name, p.keyEnv]] : [])),
);

function fromEnv(env: NodeJS.ProcessEnv, name: string): Sourced<string> | null {
  const value = env[name];
  return value ? { value, source: 'env', from: name } : null;
}

export function resolveEffective(store: ProfileStore, flags: { profile?: string }, env: NodeJS.ProcessEnv): Effective {
  const profile: Sourced<string> = flags.profile
    ? { value: flags.profile, source: 'flag', from: '--profile' }
    : (fromEnv(env, 'LIB_PROFILE') ?? {
        value: store.current(),
        source: store.current() === BUILTIN_PROFILE ? 'default' : 'profile',
        from: 'config',
      });
  if (!store.has(profile.value)) {
    throw new UsageError(`profile "${profile.value}" does not exist (from ${profile.from})`, {
      hint: 'See the profiles with: lib profile list',
    });
  }
  const saved = store.get(profile.value);
  const inProfile = (value: string | undefined): Sourced<string> | null =>
    value ? { value, source: 'profile', from: profile.value } : null;

  const envProvider = fromEnv(env, 'LIB_PROVIDER');
  const provider: Sourced<ProviderName> = envProvider
    ? { ...envProvider, value: checkProviderName(envProvider.value) }
    : { value: saved.provider, source: profile.value === BUILTIN_PROFILE ? 'default' : 'profile', from: profile.value };

  const defaultUrl = DEFAULT_BASE_URLS[provider.value];
  const baseUrl =
    fromEnv(env, 'LIB_BASE_URL') ??
    inProfile(saved.baseUrl) ??
    (defaultUrl ? { value: defaultUrl, source: 'default' as const, from: provider.value } : null);

  if (baseUrl) checkBaseUrl(baseUrl);

  const vendorKey = VENDOR_KEY_ENV[provider.value];
  const apiKey = fromEnv(env, 'LIB_API_KEY') ?? (vendorKey ? fromEnv(env, vendorKey) : null) ?? inProfile(saved.apiKey);

  const orgId = fromEnv(env, 'LIB_ORG_ID') ?? inProfile(saved.orgId);
  const library = fromEnv(env, 'LIB_LIBRARY') ?? inProfile(saved.library);
  return { profile, provider, baseUrl, apiKey, orgId, library };
}

function checkBaseUrl(url: Sourced<string>): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url.value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new UsageError(
      `invalid base URL "${withoutPassword(url.value)}" (from ${url.source === 'profile' ? `profile ${url.from}` : url.from})`,
      {
        hint: 'Use an http(s) URL such as https://api.mistral.ai',
      },
    );
  }
}
