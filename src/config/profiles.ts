/**
 * Profiles: named sets of { provider, baseUrl, apiKey, orgId }, kept in a conf
 * store written with mode 0600 because it holds keys. `local` is built in and
 * always exists; it cannot be removed or shadowed.
 *
 * Reads go straight to conf's JSON file; conf itself (and its schema and
 * migration machinery, a fifth of lib's start-up) is imported only to write.
 * Every command reads the profile in use; only add, use and remove write.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Conf from 'conf';
import { PROVIDER_NAMES, type ProviderName } from '../providers/registry.js';
import { FailedError, NotFoundError, UsageError } from '../errors.js';

export type { ProviderName };
export const PROVIDERS: readonly ProviderName[] = PROVIDER_NAMES;

export interface Profile {
  provider: ProviderName;
  baseUrl?: string;
  apiKey?: string;
  orgId?: string;
  /** The library `--library` stands for when it is left out. */
  library?: string;
}

interface Schema {
  current?: string;
  profiles: Record<string, Profile>;
}

export const BUILTIN_PROFILE = 'local';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkProviderName(value: string): ProviderName {
  if (!(PROVIDERS as readonly string[]).includes(value)) {
    throw new UsageError(`unknown provider "${value}" (expected one of: ${PROVIDERS.join(', ')})`);
  }
  return value as ProviderName;
}

/** A name a new profile may take; checked before anything else is asked or sent. */
export function checkProfileName(name: string): void {
  if (!NAME.test(name)) {
    throw new UsageError(`invalid profile name "${name}": use letters, digits, '.', '_' and '-'`);
  }
  if (name === BUILTIN_PROFILE) {
    throw new UsageError(`"${BUILTIN_PROFILE}" is the built-in profile and cannot be redefined`);
  }
}

export class ProfileStore {
  private conf?: Conf<Schema>;

  constructor(private readonly configDir: string) {}

  /** conf's file: <configDir>/config.json. */
  get path(): string {
    return path.join(this.configDir, 'config.json');
  }

  list(): { name: string; profile: Profile; current: boolean }[] {
    const current = this.current();
    const all: [string, Profile][] = [[BUILTIN_PROFILE, { provider: 'local' }], ...Object.entries(this.profiles())];
    return all.map(([name, profile]) => ({ name, profile, current: name === current }));
  }

  get(name: string): Profile {
    if (name === BUILTIN_PROFILE) return { provider: 'local' };
    const profile = this.profiles()[name];
    if (!profile) {
      throw new NotFoundError(`profile "${name}" not found`, { hint: 'See the profiles with: lib profile list' });
    }
    return profile;
  }

  has(name: string): boolean {
    return name === BUILTIN_PROFILE || name in this.profiles();
  }

  current(): string {
    const current = this.read().current;
    return current && this.has(current) ? current : BUILTIN_PROFILE;
  }

  async add(name: string, profile: Profile): Promise<void> {
    checkProfileName(name);
    (await this.writer()).set('profiles', { ...this.profiles(), [name]: profile });
  }

  async use(name: string): Promise<void> {
    this.get(name);
    (await this.writer()).set('current', name);
  }

  async remove(name: string): Promise<void> {
    if (name === BUILTIN_PROFILE)
      throw new UsageError(`"${BUILTIN_PROFILE}" is the built-in profile and cannot be removed`);
    this.get(name);
    const { [name]: _removed, ...rest } = this.profiles();
    const conf = await this.writer();
    conf.set('profiles', rest);
    if (conf.get('current') === name) conf.delete('current');
  }

  private profiles(): Record<string, Profile> {
    return this.read().profiles ?? {};
  }

  /** The file as conf keeps it; no file yet is the defaults. */
  private read(): Partial<Schema> {
    if (this.conf) return this.conf.store;
    let text: string;
    try {
      text = fs.readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
      throw err;
    }
    try {
      const data = JSON.parse(text) as unknown;
      if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('not an object');
      return data as Partial<Schema>;
    } catch {
      throw new FailedError(`the config file ${this.path} is not valid JSON`, {
        hint: 'Fix or remove it; it holds your profiles and keys.',
      });
    }
  }

  private async writer(): Promise<Conf<Schema>> {
    if (!this.conf) {
      const { default: ConfStore } = await import('conf');
      this.conf = new ConfStore<Schema>({
        cwd: this.configDir,
        configName: 'config',
        projectName: 'lib',
        configFileMode: 0o600,
        defaults: { profiles: {} },
      });
    }
    return this.conf;
  }
}
