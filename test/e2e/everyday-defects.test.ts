/**
 * Everyday defects, each as a user meets it: --path is a folder; NFD and NFC
 * spellings of a name are one name; a library's updatedAt follows its files;
 * sizes say KiB; labels cannot hold commas; lib serve's printed URL works as
 * LIB_BASE_URL, /v1 or not; help behaves as people ask for it; Ctrl-C at a
 * prompt ends the prompt's line.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { HAS_SCRIPT, runInTerminal, Sandbox, stripAnsi } from '../helpers.js';
import { Cli, newSecrets, startServe, type Serve } from '../e2e-mistral/helpers.js';

const sb = new Sandbox();
let serve: Serve | undefined;
let remote: Cli | undefined;
afterAll(async () => {
  remote?.cleanup();
  await serve?.dispose();
  sb.cleanup();
});

const ids = (s: string) => s.split('\n').filter(Boolean);

describe('--path is a folder', () => {
  it('d1 finds d1/ and below, not d10/', async () => {
    await sb.lib(['library', 'create', 'paths', '-q']);
    const a = (await sb.lib(['file', 'upload', sb.file('a.md', 'a'), '-l', 'paths', '--path', 'd1', '-q'])).trim();
    const b = (await sb.lib(['file', 'upload', sb.file('b.md', 'b'), '-l', 'paths', '--path', 'd1/sub', '-q'])).trim();
    await sb.lib(['file', 'upload', sb.file('c.md', 'c'), '-l', 'paths', '--path', 'd10', '-q']);
    for (const filter of ['d1', 'd1/', '/d1']) {
      expect(ids(await sb.lib(['file', 'list', '-l', 'paths', '--path', filter, '-q'])).sort()).toEqual([a, b].sort());
    }
  });
});

describe('names are Unicode-normalized', () => {
  it('the NFD spelling finds the NFC one, for files and libraries', async () => {
    const nfc = 'caf\u00e9';
    const nfd = 'cafe\u0301';
    await sb.lib(['library', 'create', `${nfd} docs`, '-q']);
    const id = (
      await sb.lib(['file', 'upload', sb.file('x.md', 'x'), '-l', `${nfc} docs`, '--name', `${nfd}.md`, '-q'])
    ).trim();
    const got = JSON.parse(await sb.lib(['file', 'get', `${nfc}.md`, '-l', `${nfd} docs`, '--json']));
    expect(got).toMatchObject({ id, name: `${nfc}.md` });
    const lib = JSON.parse(await sb.lib(['library', 'get', `${nfc} docs`, '--json']));
    expect(lib.name).toBe(`${nfc} docs`);
  });
});

describe("a library's updatedAt", () => {
  it('moves when a file is added or removed', async () => {
    await sb.lib(['library', 'create', 'touched', '-q']);
    const at = async () => JSON.parse(await sb.lib(['library', 'get', 'touched', '--json'])).updatedAt as string;
    const t0 = await at();
    await new Promise((r) => setTimeout(r, 5));
    const id = (await sb.lib(['file', 'upload', sb.file('t.md', 't'), '-l', 'touched', '-q'])).trim();
    const t1 = await at();
    expect(t1 > t0).toBe(true);
    await new Promise((r) => setTimeout(r, 5));
    await sb.lib(['file', 'delete', id, '-l', 'touched', '-y']);
    expect((await at()) > t1).toBe(true);
  });
});

describe('labels', () => {
  it('cannot contain a comma (tab-separated output joins them with commas)', async () => {
    await sb.lib(['library', 'create', 'labels', '-q']);
    const r = await sb.run(['file', 'upload', sb.file('l.md', 'l'), '-l', 'labels', '--label', 'a,b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '"a,b": a label cannot contain a comma (labels are listed comma-separated); repeat the flag for several',
    );
    expect(ids(await sb.lib(['file', 'list', '-l', 'labels', '-q']))).toEqual([]);
  });
});

describe("lib serve's URL", () => {
  it('works as LIB_BASE_URL with or without /v1', async () => {
    const secrets = newSecrets();
    serve = await startServe({ processingMs: 0, secrets });
    remote = new Cli(serve, secrets.alice);
    await remote.ok(['library', 'create', 'Base']);
    for (const base of [serve.url, `${serve.url}/v1`, `${serve.url}/v1/`]) {
      const r = await remote.run(['library', 'list', '-q'], { env: { LIB_BASE_URL: base } });
      expect({ base, code: r.code, lines: ids(r.stdout).length }).toEqual({ base, code: 0, lines: 1 });
    }
  });
});

describe('help', () => {
  it('lib help VERB PATH shows that verb; an unknown word is an error with a suggestion; a noun alone is its help', async () => {
    const upload = await sb.run(['help', 'file', 'upload']);
    expect(upload.code).toBe(0);
    expect(upload.stdout).toContain('Usage: lib file upload [options] <paths...>');
    const typo = await sb.run(['help', 'fiel']);
    expect(typo).toMatchObject({
      code: 2,
      stdout: '',
      stderr: "lib: unknown command 'fiel' (did you mean file?)\nRun 'lib --help' for usage.\n",
    });
    const noun = await sb.run(['library']);
    expect(noun.code).toBe(0);
    expect(noun.stdout).toContain('Usage: lib library [options] [command]');
    expect(noun.stderr).toBe('');
  });
});

describe.skipIf(!HAS_SCRIPT)('Ctrl-C at a prompt', () => {
  it('ends the prompt line before "lib: cancelled"', async () => {
    await sb.lib(['library', 'create', 'Keep me', '-q']);
    const r = await runInTerminal(sb, ['library', 'delete', 'Keep me'], {
      answers: [{ when: '(y/N)', input: '\u0003' }],
    });
    expect(r.code).toBe(130);
    expect(stripAnsi(r.stdout)).toMatch(/\(y\/N\) \S*\n+lib: cancelled\n$/);
    expect((await sb.run(['library', 'get', 'Keep me'])).code).toBe(0);
  });
});
