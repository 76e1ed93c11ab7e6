/**
 * `profile add` checks the key with one request before saving it (skip with
 * --no-verify), and refuses a plain-http base URL to another host when the
 * profile is saved, not at first use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers.js';
import { newSecrets, startServe, type Serve } from '../e2e-mistral/helpers.js';

const sb = new Sandbox();
let serve: Serve;
let secrets: { alice: string; bob: string };
beforeAll(async () => {
  secrets = newSecrets();
  serve = await startServe({ processingMs: 0, secrets });
});
afterAll(async () => {
  await serve.dispose();
  sb.cleanup();
});

const saved = async () => (await sb.lib(['profile', 'list', '-q'])).split('\n').filter(Boolean);

describe('profile add', () => {
  it('a wrong key is found now (exit 4) and nothing is saved; a right one is saved', async () => {
    const wrong = await sb.run(['profile', 'add', 'm', '--provider', 'mistral', '--base-url', serve.url], {
      input: 'not-the-key-123456\n',
    });
    expect(wrong.code).toBe(4);
    expect(wrong.stderr.split('\n')[0]).toBe('lib: not authenticated (mistral, 401)');
    expect(await saved()).not.toContain('m');

    const right = await sb.run(['profile', 'add', 'm', '--provider', 'mistral', '--base-url', serve.url], {
      input: `${secrets.alice}\n`,
    });
    expect(right).toMatchObject({ code: 0, stderr: 'Saved profile "m" (mistral)\n' });
    expect(await saved()).toContain('m');
  });

  it('--no-verify saves without a request', async () => {
    const r = await sb.run(
      ['profile', 'add', 'offline', '--provider', 'mistral', '--base-url', 'http://127.0.0.1:9', '--no-verify'],
      {
        input: 'key-123456\n',
      },
    );
    expect(r.code).toBe(0);
    expect(await saved()).toContain('offline');
  });

  it('plain http to another host is refused when saved, before the key is read', async () => {
    const r = await sb.run(['profile', 'add', 'leaky', '--provider', 'mistral', '--base-url', 'http://example.com'], {
      input: 'key-123456\n',
    });
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'lib: refusing to save a key for plain http to example.com; use https\n',
    });
    expect(await saved()).not.toContain('leaky');
  });
});
