/**
 * `lib --version` is answered by the executable itself (no program loaded); it
 * must print exactly what the program prints when it parses --version.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runBinary, runInProcess, Sandbox } from '../helpers.js';

const sandbox = new Sandbox();
afterAll(() => sandbox.cleanup());
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe('lib --version', () => {
  it('the fast path and the program agree, and both print the package version', async () => {
    // The first two are the executable's own fast path; the others reach the program (in-process here).
    for (const args of [['--version'], ['-V'], ['--no-color', '--version'], ['-V', '--debug']]) {
      const run = args.length === 1 ? runBinary : runInProcess;
      const r = await run(args, { env: sandbox.env, cwd: sandbox.work });
      expect({ args, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
        args,
        code: 0,
        stdout: `${version}\n`,
        stderr: '',
      });
    }
  });
});
