/**
 * Secrets stay out of output: a short key echoed by a server, a password in a
 * base URL (errors, --debug traces, profile show), lib serve's tokens given off
 * argv (LIB_SERVE_TOKENS, --token-file), and signed links in lib serve's log.
 */
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { scrub, shownUrl } from '../../src/http/security.js';
import { withoutPassword } from '../../src/urls.js';
import { BIN, Sandbox } from '../helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

describe('scrubbing', () => {
  it('short keys where they stand as a token, long keys anywhere', () => {
    expect(scrub('invalid key abc1 (Bearer abc1)', 'abc1')).toBe('invalid key *** (Bearer ***)');
    expect(scrub('abc12 and xabc1 stay', 'abc1')).toBe('abc12 and xabc1 stay');
    expect(scrub('key=k9;', 'k9')).toBe('key=***;');
    expect(scrub('zzlong-secret-valuezz', 'long-secret-value')).toBe('zz***zz');
  });

  it('a password in a URL is never shown', () => {
    expect(withoutPassword('https://me:pa55word@api.example.com/v1')).toBe('https://me:***@api.example.com/v1');
    expect(withoutPassword('https://api.example.com/')).toBe('https://api.example.com/');
    expect(shownUrl(new URL('http://u:pw@127.0.0.1:9/files/x?signature=abc'), true)).toBe(
      'http://127.0.0.1:9/files/x?***',
    );
  });
});

describe('a base URL with a password', () => {
  it('is not printed in errors, traces or profile show', async () => {
    const env = { LIB_PROVIDER: 'mistral', LIB_BASE_URL: 'http://me:pa55word@127.0.0.1:9', LIB_API_KEY: 'key-123456' };
    const r = await sb.run(['library', 'list', '--debug', '--retries', '0'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot connect to http://127.0.0.1:9');
    expect(r.stderr).toContain('me:***@127.0.0.1:9');
    expect(r.stdout + r.stderr).not.toContain('pa55word');
    const show = await sb.run(['profile', 'show', '--json'], { env });
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout).baseUrl).toBe('http://me:***@127.0.0.1:9');
    expect(show.stdout).not.toContain('pa55word');
  });
});

/** Start `lib serve ARGS --json` with `input` on stdin; its first line, then stop it. */
async function serveInfo(args: string[], env: Record<string, string> = {}, input = ''): Promise<string> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json', ...args], {
    env: { ...sb.env, ...env } as NodeJS.ProcessEnv,
    cwd: sb.work,
  });
  child.stdin.end(input);
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c));
  try {
    return await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c;
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.on('exit', (code) => reject(new Error(`lib serve exited ${code}: ${err}`)));
    });
  } finally {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
  }
}

describe("lib serve's tokens off argv", () => {
  it('LIB_SERVE_TOKENS and --token-file - add principals; no secret is echoed', async () => {
    const line = await serveInfo(
      ['--token-file', '-'],
      { LIB_SERVE_TOKENS: 'alice=alice-secret-1, bob=bob-secret-2' },
      '# who may come in\ncarol=carol-secret-3\n\n',
    );
    const info = JSON.parse(line) as { principals: { name: string; token: string | null }[] };
    expect(info.principals.map((p) => [p.name, p.token])).toEqual([
      ['alice', null],
      ['bob', null],
      ['carol', null],
    ]);
    expect(line).not.toContain('secret');
  });

  it('an unreadable --token-file is exit 2 with one line', async () => {
    const r = await sb.run(['serve', '--port', '0', '--token-file', 'nope.txt']);
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: 'lib: cannot read --token-file nope.txt: ENOENT\n' });
  });
});
