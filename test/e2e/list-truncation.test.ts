/**
 * A list cut by the default limit says so on stderr (terminal or pipe), with
 * the total where the backend gives one, so `lib file list ... -q | xargs ...`
 * cannot silently act on the first page only. --all and --limit cut nothing
 * unasked, and say nothing.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers.js';
import { Cli, newSecrets, startServe, writeFiles, type Serve } from '../e2e-mistral/helpers.js';

const NOTICE_53 = 'showing 50 of 53; --all for every one, --limit N for more\n';
const sb = new Sandbox();
let serve: Serve | undefined;
let alice: Cli | undefined;

beforeAll(async () => {
  writeFiles(path.join(sb.work, 'many'), 53, 'doc');
  writeFiles(path.join(sb.work, 'fifty'), 50, 'doc');
  await sb.lib(['library', 'create', 'Bulk', '-q']);
  await sb.lib(['library', 'create', 'Fifty', '-q']);
  await sb.lib(['file', 'upload', 'many', '--recursive', '-l', 'Bulk', '-q']);
  await sb.lib(['file', 'upload', 'fifty', '--recursive', '-l', 'Fifty', '-q']);
}, 60_000);
afterAll(async () => {
  alice?.cleanup();
  await serve?.dispose();
  sb.cleanup();
});

const lines = (s: string) => s.split('\n').filter(Boolean).length;

describe('local', () => {
  it('the default page says what it left out; --all, --limit and a list that fits say nothing', async () => {
    const cut = await sb.run(['file', 'list', '-l', 'Bulk', '-q']);
    expect(cut.code).toBe(0);
    expect(lines(cut.stdout)).toBe(50);
    expect(cut.stderr).toBe(NOTICE_53);

    const json = await sb.run(['file', 'list', '-l', 'Bulk', '--json']);
    expect(JSON.parse(json.stdout)).toHaveLength(50);
    expect(json.stderr).toBe(NOTICE_53);

    const all = await sb.run(['file', 'list', '-l', 'Bulk', '--all', '-q']);
    expect([lines(all.stdout), all.stderr]).toEqual([53, '']);
    const limited = await sb.run(['file', 'list', '-l', 'Bulk', '--limit', '10', '-q']);
    expect([lines(limited.stdout), limited.stderr]).toEqual([10, '']);
    const fits = await sb.run(['file', 'list', '-l', 'Fifty', '-q']);
    expect([lines(fits.stdout), fits.stderr]).toEqual([50, '']);
  });

  it('library list too', async () => {
    for (let i = 0; i < 49; i++) await sb.lib(['library', 'create', `L${i}`, '-q']);
    const r = await sb.run(['library', 'list', '-q']);
    expect([lines(r.stdout), r.stderr]).toEqual([50, 'showing 50 of 51; --all for every one, --limit N for more\n']);
  }, 60_000);
});

describe('mistral, through lib serve', () => {
  it('the total from the server; "more" when lib filters the pages itself (--status)', async () => {
    const secrets = newSecrets();
    serve = await startServe({ processingMs: 0, secrets });
    alice = new Cli(serve, secrets.alice);
    await alice.ok(['library', 'create', 'Remote']);
    const dir = path.join(alice.work, 'up');
    writeFiles(dir, 53, 'doc');
    await alice.ok(['file', 'upload', dir, '--recursive', '-l', 'Remote', '-q']);
    const cut = await alice.run(['file', 'list', '-l', 'Remote', '-q']);
    expect([lines(cut.stdout), cut.stderr]).toEqual([50, NOTICE_53]);
    const named = await alice.run(['file', 'list', '-l', 'Remote', '--status', 'ready', '-q']);
    expect([lines(named.stdout), named.stderr]).toEqual([
      50,
      'showing 50 of more; --all for every one, --limit N for more\n',
    ]);
  }, 60_000);
});
