/**
 * --attribute keeps what was typed: KEY=VALUE is text, always; KEY:=JSON is a
 * typed value; an integer JSON cannot hold exactly is refused; an attribute
 * can be removed. The same on the local store and on mistral through lib serve.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers.js';
import { Cli, newSecrets, startServe, type Serve } from '../e2e-mistral/helpers.js';

const sb = new Sandbox();
let serve: Serve;
let remote: Cli;

beforeAll(async () => {
  const secrets = newSecrets();
  serve = await startServe({ processingMs: 0, secrets });
  remote = new Cli(serve, secrets.alice);
});
afterAll(async () => {
  remote.cleanup();
  await serve.dispose();
  sb.cleanup();
});

const SET = [
  '--attribute',
  'v=1.10',
  '--attribute',
  'big=12345678901234567890',
  '--attribute',
  's="2024"',
  '--attribute',
  'n:=42',
  '--attribute',
  'ok:=true',
  '--attribute',
  'tags:=["a","b"]',
  '--attribute',
  'eq=a=b',
];
const EXPECTED = { v: '1.10', big: '12345678901234567890', s: '"2024"', n: 42, ok: true, tags: ['a', 'b'], eq: 'a=b' };

for (const where of ['local', 'mistral'] as const) {
  describe(`attributes (${where})`, () => {
    const run = (args: string[]) => (where === 'local' ? sb.run(args) : remote.run(args));
    const file = (name: string) => (where === 'local' ? sb.file(name, `# ${name}`) : remote.file(name, `# ${name}`));

    it('keep text as text, JSON as JSON; remove one; refuse what would be rounded or is not JSON', async () => {
      expect((await run(['library', 'create', `attrs-${where}`, '-q'])).code).toBe(0);
      const up = await run(['file', 'upload', file('a.md'), '-l', `attrs-${where}`, ...SET, '--json']);
      expect(up.code, up.stderr).toBe(0);
      expect(JSON.parse(up.stdout).attributes).toEqual(EXPECTED);

      const upd = await run([
        'file',
        'update',
        'a.md',
        '-l',
        `attrs-${where}`,
        '--remove-attribute',
        'v',
        '--attribute',
        'n:=43',
        '--json',
      ]);
      expect(upd.code, upd.stderr).toBe(0);
      const { v: _v, ...rest } = EXPECTED;
      expect(JSON.parse(upd.stdout).attributes).toEqual({ ...rest, n: 43 });

      const rounded = await run([
        'file',
        'update',
        'a.md',
        '-l',
        `attrs-${where}`,
        '--attribute',
        'big:=12345678901234567890',
      ]);
      expect(rounded).toMatchObject({
        code: 2,
        stdout: '',
        stderr:
          'lib: attribute big: 12345678901234567890 is too large to keep exactly as a number\n' +
          'Keep it as text: --attribute big=12345678901234567890\n',
      });
      const notJson = await run(['file', 'update', 'a.md', '-l', `attrs-${where}`, '--attribute', 'x:=nope']);
      expect(notJson.code).toBe(2);
      expect(notJson.stderr).toBe(
        'lib: invalid attribute "x:=nope": after := comes JSON (42, true, "text", ["a"], null)\n',
      );
    });
  });
}
