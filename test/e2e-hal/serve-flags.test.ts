/**
 * `lib serve`'s hal flags: --team NAME=MEMBERS (members are --token names) and
 * --drive-root DIR. The built binary starts with them and says so; bad values
 * are one line and exit 2 before anything listens.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, baseEnv, Sandbox, tempDir } from '../helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

/** Starts the binary, returns its first stdout line, then stops it with SIGTERM. */
function firstLine(args: string[]): Promise<{ line: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env: baseEnv(sb.home) });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) child.kill('SIGTERM');
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!out.includes('\n')) reject(new Error(`lib serve printed nothing: ${err}`));
      else resolve({ line: out.slice(0, out.indexOf('\n')), code });
    });
  });
}

describe('lib serve --team and --drive-root', () => {
  it('start with the teams and the drive root, listed in --json', async () => {
    const drives = tempDir('lib-e2e-drives-');
    try {
      const r = await firstLine([
        '--json',
        '--data',
        path.join(sb.home, 'data'),
        '--token',
        'alice=alice-secret-1',
        '--token',
        'bob=bob-secret-2',
        '--team',
        'data-science=alice,bob',
        '--drive-root',
        drives,
      ]);
      expect(JSON.parse(r.line)).toMatchObject({
        dialects: [{ name: 'mistral' }, { name: 'hal' }, { name: 'ai21' }],
        teams: [{ id: 'team:data-science', members: ['alice', 'bob'] }],
      });
      expect(r.code).toBe(0);
    } finally {
      fs.rmSync(drives, { recursive: true, force: true });
    }
  });

  it.each([
    [['--team', 'ds'], 'lib: invalid --team "ds": expected NAME=MEMBER[,MEMBER...], e.g. data-science=alice,bob\n'],
    [
      ['--team', 'a:b=alice'],
      'lib: invalid --team "a:b=alice": expected NAME=MEMBER[,MEMBER...], e.g. data-science=alice,bob\n',
    ],
    [['--team', 'ds=alice', '--team', 'ds=alice'], 'lib: --team ds is given twice\n'],
    [['--team', 'ds=carol'], 'lib: team ds: carol is not a principal (give it a --token)\n'],
    [['--drive-root', '/nonexistent/drives'], 'lib: --drive-root /nonexistent/drives is not a directory\n'],
  ])('%j is one line and exit 2', async (flags, stderr) => {
    const r = await sb.run([
      'serve',
      '--port',
      '0',
      '--data',
      path.join(sb.home, 'data2'),
      '--token',
      'alice=alice-secret-1',
      ...flags,
    ]);
    expect(r).toMatchObject({ code: 2, stdout: '', stderr });
  });
});
