/**
 * A default library, so -l can be left out: LIB_LIBRARY, or the profile's
 * --library (the flag wins over both, LIB_LIBRARY over the profile). With
 * none, one line says how to give one. And `lib help environment`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers.js';

const sb = new Sandbox();
beforeAll(async () => {
  await sb.lib(['library', 'create', 'handbook', '-q']);
  await sb.lib(['library', 'create', 'other', '-q']);
  await sb.lib(['file', 'upload', sb.file('h.md', '# h'), '-l', 'handbook', '-q']);
  await sb.lib(['file', 'upload', sb.file('o.md', '# o'), '-l', 'other', '-q']);
});
afterAll(() => sb.cleanup());

const names = (out: string) =>
  out
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t')[1]);

describe('the default library', () => {
  it('without one, -l is asked for in one line', async () => {
    expect(await sb.run(['file', 'list'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'lib: no library given: pass --library\nOr set a default: LIB_LIBRARY=NAME, or lib profile add NAME --library LIBRARY\n',
    });
  });

  it('LIB_LIBRARY, then the profile, with --library winning over both', async () => {
    expect(names(await sb.lib(['file', 'list'], { env: { LIB_LIBRARY: 'handbook' } }))).toEqual(['h.md']);
    await sb.lib(['profile', 'add', 'docs', '--provider', 'local', '--library', 'other', '--use']);
    expect(names(await sb.lib(['file', 'list']))).toEqual(['o.md']);
    expect(JSON.parse(await sb.lib(['file', 'get', 'o.md', '--json'])).name).toBe('o.md');
    expect(names(await sb.lib(['file', 'list'], { env: { LIB_LIBRARY: 'handbook' } }))).toEqual(['h.md']);
    expect(names(await sb.lib(['file', 'list', '-l', 'handbook']))).toEqual(['h.md']);
    await sb.lib(['profile', 'use', 'local']);
  });
});

describe('lib help environment', () => {
  it('lists every variable lib reads and the precedence', async () => {
    const r = await sb.run(['help', 'environment']);
    expect(r.code).toBe(0);
    for (const name of [
      'LIB_HOME',
      'LIB_PROFILE',
      'LIB_PROVIDER',
      'LIB_BASE_URL',
      'LIB_API_KEY',
      'LIB_LIBRARY',
      'NO_COLOR',
      'LIB_SERVE_TOKENS',
    ]) {
      expect(r.stdout).toContain(name);
    }
    expect(r.stdout).toContain('Precedence: flags > environment > the selected profile > the built-in local profile.');
  });
});
