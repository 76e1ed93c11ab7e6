/**
 * `lib help WORDS` as people type it: each word is looked up under the one
 * before, and a word that names nothing is the unknown-command error with its
 * suggestion and exit 2 (never the help of the noun above it with exit 0).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

describe('lib help with a typo after the noun', () => {
  it('lib help file uplod: unknown command, did you mean upload, exit 2', async () => {
    expect(await sb.run(['help', 'file', 'uplod'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: "lib: unknown command 'uplod' (did you mean upload?)\nRun 'lib file --help' for usage.\n",
    });
  });

  it('lib help doc ls (an alias of each) is file list help; lib help serve is serve help', async () => {
    const list = await sb.run(['help', 'doc', 'ls']);
    expect(list).toMatchObject({ code: 0, stderr: '' });
    expect(list.stdout).toMatch(/^Usage: lib file list\|ls \[options\]$/m);
    const serve = await sb.run(['help', 'serve']);
    expect(serve).toMatchObject({ code: 0, stderr: '' });
    expect(serve.stdout).toContain('Usage: lib serve [options]');
  });

  it('lib help library nope --json: the global flag does not hide the typo', async () => {
    expect(await sb.run(['help', 'library', 'nope', '--json'])).toMatchObject({ code: 2, stdout: '' });
  });
});
