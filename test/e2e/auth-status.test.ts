/**
 * `lib auth status`: one request checks the key; it says which provider, where,
 * which key (masked) and where it came from, and whose it is where the API can
 * tell (lib serve does), so a share can be asked for. A wrong key is exit 4.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers.js';
import { Cli, newSecrets, startServe, type Serve } from '../e2e-mistral/helpers.js';

const sb = new Sandbox();
let serve: Serve;
let alice: Cli;
let secrets: { alice: string; bob: string };
beforeAll(async () => {
  secrets = newSecrets();
  serve = await startServe({ processingMs: 0, secrets });
  alice = new Cli(serve, secrets.alice);
});
afterAll(async () => {
  alice.cleanup();
  await serve.dispose();
  sb.cleanup();
});

describe('lib auth status', () => {
  it('on mistral through lib serve: the user id, the masked key and where it came from', async () => {
    const r = await alice.json(['auth', 'status']);
    expect(r).toEqual({
      provider: 'mistral',
      profile: 'local',
      baseUrl: serve.url,
      apiKey: `...${secrets.alice.slice(-4)}`,
      apiKeyFrom: 'LIB_API_KEY',
      userId: serve.alice.userId,
      userName: 'alice',
    });
    const human = await alice.run(['auth', 'whoami']);
    expect(human.stdout).toContain(`user\talice (${serve.alice.userId})\n`);
    expect(human.stdout + human.stderr).not.toContain(secrets.alice);
  });

  it('a wrong key is exit 4 with one line and a hint', async () => {
    const r = await alice.run(['auth', 'status'], { env: { LIB_API_KEY: 'wrong-key-123456' } });
    expect(r.code).toBe(4);
    expect(r.stderr.split('\n')[0]).toBe('lib: not authenticated (mistral, 401)');
  });

  it("locally: the machine's own user, no key", async () => {
    const r = JSON.parse(await sb.lib(['auth', 'status', '--json']));
    expect(r).toMatchObject({ provider: 'local', baseUrl: null, apiKey: null, userName: 'local' });
  });
});
