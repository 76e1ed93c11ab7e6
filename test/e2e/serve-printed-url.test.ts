/**
 * What `lib serve` prints is what you use: each dialect's line carries the
 * base URL its provider takes as LIB_BASE_URL, taken here from the printed
 * text itself (and from --json); and a principal named `local` by --token is
 * the local user, who sees the libraries made locally while another principal
 * sees none of them.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, Sandbox } from '../helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

/** Starts `lib serve ARGS`, resolves with its start-up text once the principals are printed, and a stop(). */
async function serve(args: string[]): Promise<{ out: string; stop: () => void }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env: sb.env, cwd: sb.work });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c;
      if (/^principal bob .*\n/m.test(out) || (out.startsWith('{') && out.includes('\n'))) resolve();
    });
    child.on('exit', (code) => reject(new Error(`lib serve exited ${code}: ${err}`)));
  });
  child.removeAllListeners('exit');
  return { out, stop: () => child.kill('SIGTERM') };
}

const TOKENS = ['--token', 'local=local-secret-1', '--token', 'bob=bob-secret-2'];

beforeAll(async () => {
  await sb.lib(['library', 'create', 'Mine', '-q']);
});

describe("lib serve's printed base URL", () => {
  it('is the LIB_BASE_URL the mistral provider takes, for the local user named by --token', async () => {
    const s = await serve(TOKENS);
    try {
      const line = s.out.split('\n').find((l) => l.startsWith('dialect mistral: '));
      expect(line).toMatch(/^dialect mistral: LIB_BASE_URL=http:\/\/127\.0\.0\.1:\d+$/);
      const base = line!.slice(line!.indexOf('LIB_BASE_URL=') + 'LIB_BASE_URL='.length);
      const as = (key: string) => ({ LIB_PROVIDER: 'mistral', LIB_BASE_URL: base, LIB_API_KEY: key });

      const mine = await sb.run(['library', 'list', '--json'], { env: as('local-secret-1') });
      expect(mine.code, mine.stderr).toBe(0);
      expect((JSON.parse(mine.stdout) as { name: string }[]).map((l) => l.name)).toEqual(['Mine']);
      const bobs = await sb.run(['library', 'list', '--json'], { env: as('bob-secret-2') });
      expect({ code: bobs.code, libraries: JSON.parse(bobs.stdout) as unknown[] }).toEqual({ code: 0, libraries: [] });
    } finally {
      s.stop();
    }
  });

  it('--json carries every dialect with that base URL', async () => {
    const s = await serve([...TOKENS, '--json']);
    try {
      const info = JSON.parse(s.out.split('\n')[0]!) as { url: string; dialects: { name: string; baseUrl: string }[] };
      expect(info.dialects).toEqual([
        { name: 'mistral', baseUrl: info.url },
        { name: 'hal', baseUrl: info.url },
        { name: 'ai21', baseUrl: `${info.url}/studio/v1` },
      ]);
      // The ai21 provider takes its printed base URL as it is: the local user's account library.
      const ai21 = await sb.run(['library', 'get', 'ai21', '--json'], {
        env: { LIB_PROVIDER: 'ai21', LIB_BASE_URL: info.dialects[2]!.baseUrl, AI21_API_KEY: 'local-secret-1' },
      });
      expect({ code: ai21.code, documents: (JSON.parse(ai21.stdout) as { documents: number }).documents }).toEqual({
        code: 0,
        documents: 0,
      });
      const r = await sb.run(['library', 'list', '-q'], {
        env: { LIB_PROVIDER: 'mistral', LIB_BASE_URL: info.dialects[0]!.baseUrl, LIB_API_KEY: 'local-secret-1' },
      });
      expect({ code: r.code, lines: r.stdout.trim().split('\n').length }).toEqual({ code: 0, lines: 1 });
    } finally {
      s.stop();
    }
  });
});
