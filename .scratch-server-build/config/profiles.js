/**
 * Profiles: named sets of { provider, baseUrl, apiKey, orgId }, kept in a conf
 * store written with mode 0600 because it holds keys. `local` is built in and
 * always exists; it cannot be removed or shadowed.
 */
import Conf from 'conf';
import { NotFoundError, UsageError } from '../errors.js';
export const PROVIDERS = ['local', 'mistral', 'ai21', 'hal'];
export const BUILTIN_PROFILE = 'local';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export function checkProviderName(value) {
    if (!PROVIDERS.includes(value)) {
        throw new UsageError(`unknown provider "${value}" (expected one of: ${PROVIDERS.join(', ')})`);
    }
    return value;
}
export class ProfileStore {
    conf;
    constructor(configDir) {
        this.conf = new Conf({
            cwd: configDir,
            configName: 'config',
            projectName: 'lib',
            configFileMode: 0o600,
            defaults: { profiles: {} },
        });
    }
    get path() {
        return this.conf.path;
    }
    list() {
        const current = this.current();
        const all = [[BUILTIN_PROFILE, { provider: 'local' }], ...Object.entries(this.profiles())];
        return all.map(([name, profile]) => ({ name, profile, current: name === current }));
    }
    get(name) {
        if (name === BUILTIN_PROFILE)
            return { provider: 'local' };
        const profile = this.profiles()[name];
        if (!profile) {
            throw new NotFoundError(`profile "${name}" not found`, { hint: 'See the profiles with: lib profile list' });
        }
        return profile;
    }
    has(name) {
        return name === BUILTIN_PROFILE || name in this.profiles();
    }
    current() {
        const current = this.conf.get('current');
        return current && this.has(current) ? current : BUILTIN_PROFILE;
    }
    add(name, profile) {
        if (!NAME.test(name)) {
            throw new UsageError(`invalid profile name "${name}": use letters, digits, '.', '_' and '-'`);
        }
        if (name === BUILTIN_PROFILE)
            throw new UsageError(`"${BUILTIN_PROFILE}" is the built-in profile and cannot be redefined`);
        this.conf.set('profiles', { ...this.profiles(), [name]: profile });
    }
    use(name) {
        this.get(name);
        this.conf.set('current', name);
    }
    remove(name) {
        if (name === BUILTIN_PROFILE)
            throw new UsageError(`"${BUILTIN_PROFILE}" is the built-in profile and cannot be removed`);
        this.get(name);
        const { [name]: _removed, ...rest } = this.profiles();
        this.conf.set('profiles', rest);
        if (this.conf.get('current') === name)
            this.conf.delete('current');
    }
    profiles() {
        return this.conf.get('profiles') ?? {};
    }
}
//# sourceMappingURL=profiles.js.map