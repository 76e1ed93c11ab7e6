/**
 * `lib serve` with no flags serves your own libraries: its one principal is the
 * local user who owns what `lib` made on this machine, and the token it prints
 * reaches them through the mistral provider.
 */
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, Sandbox } from '../helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

describe('lib serve and the local user', () => {
  it('with no --token, the printed token sees the libraries made locally', async () => {
    await sb.lib(['library', 'create', 'Mine', '-q']);
    await sb.lib(['file', 'upload', sb.file('notes.md', '# notes'), '-l', 'Mine', '-q']);
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json'], { env: sb.env, cwd: sb.work });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c;
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        child.on('exit', (code) => reject(new Error(`lib serve exited ${code}`)));
      });
      const info = JSON.parse(line) as { url: string; principals: { name: string; token: string }[] };
      expect(info.principals.map((p) => p.name)).toEqual(['local']);
      const remote = { LIB_PROVIDER: 'mistral', LIB_BASE_URL: info.url, LIB_API_KEY: info.principals[0]!.token };
      const libs = await sb.run(['library', 'list', '--json'], { env: remote });
      expect(libs.code, libs.stderr).toBe(0);
      expect((JSON.parse(libs.stdout) as { name: string }[]).map((l) => l.name)).toEqual(['Mine']);
      const files = await sb.run(['file', 'list', '-l', 'Mine', '--json'], { env: remote });
      expect((JSON.parse(files.stdout) as { name: string }[]).map((f) => f.name)).toEqual(['notes.md']);
    } finally {
      child.removeAllListeners('exit');
      child.kill('SIGTERM');
    }
  });
});
