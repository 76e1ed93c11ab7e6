/**
 * Tables fit the terminal: ids show as their shortest unique start (8 or more
 * characters, as git shows commits), long columns give way; and such a prefix
 * is taken back wherever an id goes, on the local store and on mistral.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnTestTerminal, Sandbox, stripAnsi } from '../helpers.js';
import { Cli, newSecrets, startServe, type Serve } from '../e2e-mistral/helpers.js';

const sb = new Sandbox();
let serve: Serve;
let alice: Cli;
beforeAll(async () => {
  const secrets = newSecrets();
  serve = await startServe({ processingMs: 0, secrets });
  alice = new Cli(serve, secrets.alice);
});
afterAll(async () => {
  alice.cleanup();
  await serve.dispose();
  sb.cleanup();
});

const LONG = `${'quarterly-report-for-the-finance-committee-'.repeat(2)}final.md`;

describe('tables on an 80-column terminal', () => {
  it('fit in 80 columns, with short ids that are taken back', async () => {
    await sb.lib(['library', 'create', 'wide', '-q']);
    const id = (
      await sb.lib([
        'file',
        'upload',
        sb.file(LONG, 'x'),
        '-l',
        'wide',
        '--path',
        'finance/2024/q3',
        '--label',
        'finance',
        '-q',
      ])
    ).trim();
    const r = await runOnTestTerminal(sb, ['file', 'list', '-l', 'wide'], { terminal: { columns: 80 } });
    expect(r.code).toBe(0);
    const lines = stripAnsi(r.stdout).split('\n').filter(Boolean);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    const shown = lines[1]!.split(/\s+/)[0]!;
    expect(shown).toBe(id.slice(0, 8));
    expect(lines[1]).toContain('…'); // the long name gave way

    const got = JSON.parse(await sb.lib(['file', 'get', shown, '-l', 'wide', '--json']));
    expect(got.id).toBe(id);
    const libId = JSON.parse(await sb.lib(['library', 'get', 'wide', '--json'])).id as string;
    expect(JSON.parse(await sb.lib(['library', 'get', libId.slice(0, 8), '--json'])).name).toBe('wide');
  });
});

describe('id prefixes on mistral', () => {
  it('a library and a document by the start of their ids', async () => {
    const lib = await alice.json(['library', 'create', 'Prefixed']);
    const doc = await alice.json(['file', 'upload', alice.file('p.md', 'p'), '-l', lib.id]);
    expect((await alice.json(['library', 'get', lib.id.slice(0, 8)])).id).toBe(lib.id);
    expect((await alice.json(['file', 'get', doc.id.slice(0, 8), '-l', lib.id.slice(0, 8)])).id).toBe(doc.id);
  });
});
