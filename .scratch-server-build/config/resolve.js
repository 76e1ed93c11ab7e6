/**
 * The precedence rules, in one place: flags > environment > the selected
 * profile > the built-in `local` profile. Each value remembers where it came
 * from so `lib profile show` can say why lib does what it does.
 */
import { UsageError } from '../errors.js';
import { BUILTIN_PROFILE, checkProviderName } from './profiles.js';
export const DEFAULT_BASE_URLS = {
    mistral: 'https://api.mistral.ai',
    ai21: 'https://api.ai21.com',
};
/** The vendors' own key variables, read after LIB_API_KEY. */
const VENDOR_KEY_ENV = {
    mistral: 'MISTRAL_API_KEY',
    ai21: 'AI21_API_KEY',
};
function fromEnv(env, name) {
    const value = env[name];
    return value ? { value, source: 'env', from: name } : null;
}
export function resolveEffective(store, flags, env) {
    const profile = flags.profile
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
    const inProfile = (value) => value ? { value, source: 'profile', from: profile.value } : null;
    const envProvider = fromEnv(env, 'LIB_PROVIDER');
    const provider = envProvider
        ? { ...envProvider, value: checkProviderName(envProvider.value) }
        : { value: saved.provider, source: profile.value === BUILTIN_PROFILE ? 'default' : 'profile', from: profile.value };
    const defaultUrl = DEFAULT_BASE_URLS[provider.value];
    const baseUrl = fromEnv(env, 'LIB_BASE_URL') ??
        inProfile(saved.baseUrl) ??
        (defaultUrl ? { value: defaultUrl, source: 'default', from: provider.value } : null);
    const vendorKey = VENDOR_KEY_ENV[provider.value];
    const apiKey = fromEnv(env, 'LIB_API_KEY') ?? (vendorKey ? fromEnv(env, vendorKey) : null) ?? inProfile(saved.apiKey);
    const orgId = fromEnv(env, 'LIB_ORG_ID') ?? inProfile(saved.orgId);
    return { profile, provider, baseUrl, apiKey, orgId };
}
//# sourceMappingURL=resolve.js.map