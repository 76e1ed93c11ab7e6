/**
 * lib profile list|show|add|use|remove: keys from stdin (or a hidden prompt),
 * a config file of mode 0600, keys never printed, the precedence
 * flags > environment > profile > built-in local, and LIB_HOME moving config
 * and data together.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HAS_SCRIPT, json, ok, runInTerminal, Sandbox, type Result, type RunOptions } from '../helpers.js';

const WORK_KEY = 'sk-work-0123456789-abcd';
const DEV_KEY = 'tok-dev-9876543210-5678';
const ENV_KEY = 'env-key-55555555-9999';
const TYPED_KEY = 'sk-typed-secret-7777';
const KEYS = [WORK_KEY, DEV_KEY, ENV_KEY, TYPED_KEY];

// The tests that only read share one LIB_HOME with work and dev saved; the others get one of their own.
let sb: Sandbox;
let config = '';
function use(sandbox: Sandbox): void {
  sb = sandbox;
  config = path.join(sandbox.home, 'config', 'config.json');
}
/** Everything any command printed, to prove no key ever appears in it. */
let printed: string[] = [];
const run = async (args: string[], opts: RunOptions = {}): Promise<Result> => {
  const r = await sb.run(args, opts);
  printed.push(r.stdout, r.stderr);
  return r;
};

// After every test, over what it printed (and what a fixture made before it printed).
afterEach(() => {
  // No key was ever printed, in full or in part beyond its last four characters.
  // The outputs that show a key (or its first part), so a failure says where it leaked.
  const leaks = KEYS.flatMap((key) => printed.filter((text) => text.includes(key.slice(0, -4))));
  printed = [];
  expect(leaks).toEqual([]);
});

/** In a describe: each of its tests runs in a fresh LIB_HOME. */
function ownSandboxPerTest(): void {
  beforeEach(() => use(new Sandbox()));
  afterEach(() => sb.cleanup());
}

/** What "add" leaves: work (mistral, WORK_KEY) and dev (mistral at 127.0.0.1:8700, DEV_KEY), dev in use. */
async function twoProfiles(): Promise<void> {
  ok(await run(['profile', 'add', 'work', '--provider', 'mistral', '--no-verify'], { input: `${WORK_KEY}\n` }));
  const dev = ['profile', 'add', 'dev', '--provider', 'mistral', '--base-url', 'http://127.0.0.1:8700/', '--use'];
  ok(await run([...dev, '--no-verify'], { input: DEV_KEY }));
}

/** A loopback port nothing listens on (not a fixed one). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('profile add', () => {
  ownSandboxPerTest();

  it('a fresh LIB_HOME has the built-in local profile, in use', async () => {
    expect(await run(['profile', 'list'])).toMatchObject({ code: 0, stdout: 'local *\tlocal\t\t\n', stderr: '' });
    expect(await run(['profile', 'show'])).toMatchObject({
      code: 0,
      stdout: `profile\tlocal (default)\nprovider\tlocal (default)\nbaseUrl\t\napiKey\t\norgId\t\nconfigFile\t${config}\ndataDir\t${path.join(sb.home, 'data')}\n`,
      stderr: '',
    });
  });

  it('add reads the key from stdin and writes the config file with mode 0600', async () => {
    // --no-verify: no server here to check the keys against (test/e2e/profile-verify.test.ts has one).
    expect(
      await run(['profile', 'add', 'work', '--provider', 'mistral', '--no-verify'], { input: `${WORK_KEY}\n` }),
    ).toMatchObject({
      code: 0,
      stdout: '',
      stderr: 'Saved profile "work" (mistral)\n',
    });
    expect(
      await run(
        [
          'profile',
          'add',
          'dev',
          '--provider',
          'mistral',
          '--base-url',
          'http://127.0.0.1:8700/',
          '--use',
          '--no-verify',
        ],
        {
          input: DEV_KEY,
        },
      ),
    ).toMatchObject({ code: 0, stdout: '', stderr: 'Saved profile "dev" (mistral), now in use\n' });
    expect(fs.statSync(config).mode & 0o777).toBe(0o600);
    expect(json(fs.readFileSync(config, 'utf8'))).toEqual({
      profiles: {
        work: { provider: 'mistral', apiKey: WORK_KEY },
        dev: { provider: 'mistral', baseUrl: 'http://127.0.0.1:8700', apiKey: DEV_KEY },
      },
      current: 'dev',
    });
  });

  it('add refuses bad input (exit 2)', async () => {
    await twoProfiles();
    const usage = async (args: string[], input: string, stderr: string) =>
      expect(await run(['profile', 'add', ...args], { input })).toMatchObject({ code: 2, stdout: '', stderr });
    await usage(
      ['x', '--provider', 'mistral'],
      '\n',
      'lib: no API key given for mistral\nPipe it in: lib profile add NAME --provider PROVIDER < key.txt\n',
    );
    await usage(
      ['x', '--provider', 'mistral'],
      'two words\n',
      'lib: the API key must be a single line without spaces\n',
    );
    await usage(
      ['x', '--provider', 'acme'],
      'k',
      'lib: unknown provider "acme" (expected one of: local, mistral, ai21, hal)\n',
    );
    await usage(
      ['x', '--provider', 'mistral', '--base-url', 'ftp://example.com'],
      'k',
      'lib: --base-url must be http(s), not ftp:\n',
    );
    await usage(
      ['local', '--provider', 'mistral'],
      'k',
      'lib: "local" is the built-in profile and cannot be redefined\n',
    );
    await usage(
      ['no/slash', '--provider', 'mistral'],
      'k',
      "lib: invalid profile name \"no/slash\": use letters, digits, '.', '_' and '-'\n",
    );
    await usage(
      ['x'],
      'k',
      "lib: required option '--provider <provider>' not specified\nRun 'lib profile add --help' for usage.\n",
    );
    expect(Object.keys(json<{ profiles: object }>(fs.readFileSync(config, 'utf8')).profiles)).toEqual(['work', 'dev']);
  });
});

describe('profile list, show and the precedence, with work and dev saved (these only read)', () => {
  let shared: Sandbox;
  beforeAll(async () => {
    use((shared = new Sandbox()));
    await twoProfiles();
  });
  beforeEach(() => use(shared));
  afterAll(() => shared.cleanup());

  it('list shows keys as ...abcd and marks the one in use', async () => {
    expect(await run(['profile', 'list'])).toMatchObject({
      code: 0,
      stdout: 'local\tlocal\t\t\nwork\tmistral\t\t...abcd\ndev *\tmistral\thttp://127.0.0.1:8700\t...5678\n',
      stderr: '',
    });
    expect(json(await sb.lib(['profile', 'ls', '--json']))).toEqual([
      { name: 'local', provider: 'local', baseUrl: null, apiKey: null, orgId: null, current: false },
      { name: 'work', provider: 'mistral', baseUrl: null, apiKey: '...abcd', orgId: null, current: false },
      {
        name: 'dev',
        provider: 'mistral',
        baseUrl: 'http://127.0.0.1:8700',
        apiKey: '...5678',
        orgId: null,
        current: true,
      },
    ]);
  });

  it('show says what is in effect and where each value comes from', async () => {
    expect(await run(['profile', 'show'])).toMatchObject({
      code: 0,
      stdout:
        'profile\tdev (lib profile use)\nprovider\tmistral (profile dev)\nbaseUrl\thttp://127.0.0.1:8700 (profile dev)\n' +
        `apiKey\t...5678 (profile dev)\norgId\t\nconfigFile\t${config}\ndataDir\t${path.join(sb.home, 'data')}\n`,
      stderr: '',
    });
    expect((await run(['profile', 'show', 'work'])).stdout).toMatch(
      /^profile\twork \(argument\)\nprovider\tmistral \(profile work\)\nbaseUrl\thttps:\/\/api\.mistral\.ai \(default\)\napiKey\t\.\.\.abcd \(profile work\)\n/,
    );
    expect(await run(['profile', 'show', 'nope'])).toMatchObject({
      code: 3,
      stdout: '',
      stderr: 'lib: profile "nope" not found\nSee the profiles with: lib profile list\n',
    });
  });

  it('precedence: flags > environment > the selected profile > built-in local', async () => {
    type Shown = {
      profile: string;
      provider: string;
      baseUrl: string | null;
      apiKey: string | null;
      sources: Record<string, string>;
    };
    const show = async (args: string[], env: Record<string, string> = {}) =>
      json<Shown>((await run([...args, 'profile', 'show', '--json'], { env })).stdout);

    // The selected profile (dev) over the built-in one.
    expect(await show([])).toMatchObject({
      profile: 'dev',
      apiKey: '...5678',
      sources: { profile: 'lib profile use', apiKey: 'profile dev' },
    });
    // Environment over the selected profile.
    expect(await show([], { LIB_PROFILE: 'work' })).toMatchObject({
      profile: 'work',
      apiKey: '...abcd',
      sources: { profile: 'LIB_PROFILE' },
    });
    expect(await show([], { LIB_API_KEY: ENV_KEY, LIB_BASE_URL: 'http://127.0.0.1:9000' })).toMatchObject({
      profile: 'dev',
      baseUrl: 'http://127.0.0.1:9000',
      apiKey: '...9999',
      sources: { apiKey: 'LIB_API_KEY', baseUrl: 'LIB_BASE_URL', provider: 'profile dev' },
    });
    expect(await show([], { MISTRAL_API_KEY: ENV_KEY })).toMatchObject({
      apiKey: '...9999',
      sources: { apiKey: 'MISTRAL_API_KEY' },
    });
    expect(await show([], { LIB_PROVIDER: 'local' })).toMatchObject({
      profile: 'dev',
      provider: 'local',
      sources: { provider: 'LIB_PROVIDER' },
    });
    // A flag over the environment.
    expect(await show(['--profile', 'local'], { LIB_PROFILE: 'work' })).toMatchObject({
      profile: 'local',
      provider: 'local',
      apiKey: null,
      sources: { profile: '--profile', provider: 'default' },
    });
    // And they decide what actually runs: the local store, no network, despite the mistral profile in use.
    expect(await run(['--profile', 'local', 'library', 'list'], { env: { LIB_PROFILE: 'work' } })).toMatchObject({
      code: 0,
      stdout: '',
      stderr: '',
    });
    expect(await run(['library', 'list', '--json'], { env: { LIB_PROVIDER: 'local' } })).toMatchObject({
      code: 0,
      stdout: '[]\n',
      stderr: '',
    });
  });

  it('an unknown profile from a flag or the environment is exit 2', async () => {
    expect(await run(['--profile', 'nope', 'library', 'list'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'lib: profile "nope" does not exist (from --profile)\nSee the profiles with: lib profile list\n',
    });
    expect(await run(['library', 'list'], { env: { LIB_PROFILE: 'nope' } })).toMatchObject({
      code: 2,
      stderr: 'lib: profile "nope" does not exist (from LIB_PROFILE)\nSee the profiles with: lib profile list\n',
    });
  });

  it('the key is redacted from --debug traces too', async () => {
    const port = await closedPort();
    const r = await run(['--debug', '--retries', '0', 'library', 'list'], {
      env: { LIB_BASE_URL: `http://127.0.0.1:${port}` },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('authorization: Bearer ***\n');
    expect(r.stderr).toContain(`lib: cannot connect to http://127.0.0.1:${port} (ECONNREFUSED)\n`);
  });
});

describe('profile use, remove, add on a terminal, and LIB_HOME', () => {
  ownSandboxPerTest();

  it('use switches profiles; an unknown one is exit 3', async () => {
    await twoProfiles();
    expect(await run(['profile', 'use', 'work'])).toMatchObject({
      code: 0,
      stdout: '',
      stderr: 'Now using profile "work"\n',
    });
    expect((await run(['profile', 'list'])).stdout).toContain('\nwork *\tmistral\t');
    expect(await run(['profile', 'use', 'nope'])).toMatchObject({
      code: 3,
      stdout: '',
      stderr: 'lib: profile "nope" not found\nSee the profiles with: lib profile list\n',
    });
    expect(await run(['profile', 'use', 'local'])).toMatchObject({ code: 0, stderr: 'Now using profile "local"\n' });
  });

  it('remove asks for -y in a pipe, removes, and never removes local', async () => {
    await twoProfiles();
    expect(await run(['profile', 'remove', 'work'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'lib: Remove profile "work" and its saved key: confirmation required; pass -y to confirm without a terminal\n',
    });
    expect(await run(['profile', 'remove', 'work', '-y'])).toMatchObject({
      code: 0,
      stdout: '',
      stderr: 'Removed profile "work"\n',
    });
    expect(await run(['profile', 'rm', 'work', '-y'])).toMatchObject({
      code: 3,
      stderr: 'lib: profile "work" not found\nSee the profiles with: lib profile list\n',
    });
    expect(await run(['profile', 'remove', 'local', '-y'])).toMatchObject({
      code: 2,
      stderr: 'lib: "local" is the built-in profile and cannot be removed\n',
    });
    expect(fs.readFileSync(config, 'utf8')).not.toContain(WORK_KEY);
  });

  it.skipIf(!HAS_SCRIPT)('on a terminal, add asks for the key without echoing it', async () => {
    const r = await runInTerminal(sb, ['profile', 'add', 'typed', '--provider', 'mistral', '--no-verify'], {
      answers: [{ when: 'API key:', input: `${TYPED_KEY}\r` }],
    });
    printed.push(r.stdout, r.stderr);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('? mistral API key: ');
    expect(r.stdout).toContain('Saved profile "typed" (mistral)\n');
    expect((await run(['profile', 'list'])).stdout).toContain('typed\tmistral\t\t...7777\n');
  });

  it('LIB_HOME holds config and data together; nothing lands in HOME or the XDG dirs', async () => {
    // A saved profile, so that there is a config file; local stays in use.
    ok(await run(['profile', 'add', 'work', '--provider', 'mistral', '--no-verify'], { input: WORK_KEY }));
    await sb.lib(['library', 'create', 'here', '-q']);
    expect(fs.existsSync(config)).toBe(true);
    expect(fs.existsSync(path.join(sb.home, 'data', 'lib.db'))).toBe(true);
    for (const dir of ['HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME']) expect(fs.existsSync(sb.env[dir]!)).toBe(false);
    const other = new Sandbox();
    try {
      expect(await other.run(['library', 'list', '--json'])).toMatchObject({ code: 0, stdout: '[]\n' });
      expect(await other.run(['profile', 'list'])).toMatchObject({ code: 0, stdout: 'local *\tlocal\t\t\n' });
    } finally {
      other.cleanup();
    }
  });
});
