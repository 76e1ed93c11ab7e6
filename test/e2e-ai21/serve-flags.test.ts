/**
 * `lib serve`'s ai21 limit flags reach the dialect: the built binary started
 * with --ai21-max-file-bytes and --ai21-max-library-bytes answers AI21's 422
 * past them; a bad value is one line and exit 2 before anything listens.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, baseEnv, Sandbox } from '../helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

const upload = (base: string, name: string, bytes: number) => {
  const form = new FormData();
  form.append('file', new Blob(['x'.repeat(bytes)], { type: 'text/plain' }), name);
  return fetch(`${base}/library/files`, {
    method: 'POST',
    headers: { authorization: 'Bearer ai21-secret-1' },
    body: form,
  });
};

describe('lib serve --ai21-max-file-bytes and --ai21-max-library-bytes', () => {
  it('answer 422 past the limits given', async () => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'serve',
        '--port',
        '0',
        '--json',
        '--processing-ms',
        '0',
        '--data',
        path.join(sb.home, 'data'),
        '--token',
        'me=ai21-secret-1',
        '--ai21-max-file-bytes',
        '10',
        '--ai21-max-library-bytes',
        '15',
      ],
      { env: baseEnv(sb.home) },
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
        });
        child.on('exit', () => reject(new Error('lib serve exited')));
      });
      const base = (JSON.parse(line) as { dialects: { name: string; baseUrl: string }[] }).dialects.find(
        (d) => d.name === 'ai21',
      )!.baseUrl;
      const big = await upload(base, 'big.txt', 11);
      expect({ status: big.status, body: await big.json() }).toEqual({
        status: 422,
        body: { detail: 'File size exceeds the limit of 10 bytes' },
      });
      expect((await upload(base, 'a.txt', 10)).status).toBe(200);
      const full = await upload(base, 'b.txt', 6);
      expect(full.status).toBe(422);
      expect(((await full.json()) as { detail: string }).detail).toMatch(/^Library size limit exceeded: 16 bytes/);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('a bad value is exit 2 in one line (and the usage hint)', async () => {
    const r = await sb.run(['serve', '--port', '0', '--ai21-max-file-bytes', '0']);
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        "lib: option '--ai21-max-file-bytes <n>' argument '0' is invalid. --ai21-max-file-bytes must be a positive whole number\nRun 'lib serve --help' for usage.\n",
    });
  });
});
