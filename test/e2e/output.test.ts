/**
 * The output contract, both ways lib is run: in a pipe (tab-separated rows,
 * no color, --json, --ndjson, -q, [] for nothing) and on a terminal (a table
 * with headers and color; NO_COLOR, --no-color and TERM=dumb turn color off;
 * FORCE_COLOR turns it on in a pipe; destructive verbs ask). Rendering is
 * checked in-process on a test IO that is a terminal; a real pseudo-terminal
 * checks that lib detects one itself, the y/N question, Ctrl-C and stdin.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANSI,
  BIN,
  exactly,
  HAS_SCRIPT,
  ISO,
  json,
  runInTerminal,
  runOnTestTerminal,
  Sandbox,
  stripAnsi,
  UUID,
} from '../helpers.js';
import { lines, withStore } from './fixtures.js';

const POLICY = '# Expenses\nMeals are reimbursed up to 50 EUR.\n';
/** A relative time for something made moments ago (a slow machine may take a minute or two). */
const RECENT = /just now|\d minutes? ago/;

const sb = new Sandbox();
let libraryId = '';
let fileId = '';
beforeAll(async () => {
  libraryId = (await sb.lib(['library', 'create', 'Team Docs', '--description', 'Handbooks', '-q'])).trim();
  sb.file('policy.md', POLICY);
  fileId = (await sb.lib(['file', 'upload', 'policy.md', '-l', 'Team Docs', '--label', 'hr', '-q'])).trim();
  await sb.lib(['library', 'create', 'Empty', '-q']);
});
afterAll(() => sb.cleanup());

describe('in a pipe', () => {
  it('lists are tab-separated rows, one record a line, ISO times and byte counts, no color', async () => {
    const r = await sb.run(['file', 'list', '-l', 'Team Docs']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(exactly`${fileId}\tpolicy.md\t\tready\t${Buffer.byteLength(POLICY)}\thr\t${ISO}\n`);
    expect(r.stdout).not.toMatch(ANSI);
    const libs = lines(await sb.lib(['library', 'list']));
    expect(libs.map((l) => l.split('\t').length)).toEqual([5, 5]);
  });

  it('--json: an array for a list, an object for one record; compact', async () => {
    const list = await sb.lib(['library', 'list', '--json']);
    expect(lines(list)).toHaveLength(1);
    expect(json<{ name: string }[]>(list).map((l) => l.name)).toEqual(['Empty', 'Team Docs']);
    const one = await sb.lib(['library', 'get', 'Team Docs', '--json']);
    expect(json(one)).toMatchObject({ id: libraryId, name: 'Team Docs', description: 'Handbooks', documents: 1 });
    expect(one.startsWith('{"id":')).toBe(true);
  });

  it('--ndjson: one object per line', async () => {
    const out = lines(await sb.lib(['library', 'list', '--ndjson']));
    expect(out.map((l) => json<{ name: string }>(l).name)).toEqual(['Empty', 'Team Docs']);
  });

  it('-q: ids only, one per line', async () => {
    expect(await sb.lib(['file', 'list', '-l', 'Team Docs', '-q'])).toBe(`${fileId}\n`);
    expect(await sb.lib(['library', 'list', '--quiet', '--search', 'team'])).toBe(`${libraryId}\n`);
  });

  it('an empty list: nothing, [] with --json, and exit 0 whatever the mode', async () => {
    for (const mode of [[], ['--ndjson'], ['-q']]) {
      expect(await sb.run(['file', 'list', '-l', 'Empty', ...mode])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    }
    expect(await sb.run(['file', 'list', '-l', 'Empty', '--json'])).toMatchObject({
      code: 0,
      stdout: '[]\n',
      stderr: '',
    });
  });

  it('--raw --json prints the provider payload instead of the uniform model', async () => {
    const raw = json<Record<string, unknown>>(
      await sb.lib(['file', 'get', 'policy.md', '-l', 'Team Docs', '--json', '--raw']),
    );
    expect(raw).toMatchObject({ id: fileId, status: 'ready', uploadedBy: expect.stringMatching(UUID) });
    expect(raw).not.toHaveProperty('providerStatus');
  });

  it('FORCE_COLOR=1 adds color in a pipe; NO_COLOR and --no-color win over it', async () => {
    const forced = await sb.run(['file', 'list', '-l', 'Team Docs'], { env: { FORCE_COLOR: '1' } });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(ANSI);
    expect(forced.stdout).toContain('\u001b[32mready\u001b[39m');
    expect(stripAnsi(forced.stdout)).toMatch(
      exactly`${fileId}\tpolicy.md\t\tready\t${Buffer.byteLength(POLICY)}\thr\t${ISO}\n`,
    );
    const detail = await sb.run(['file', 'status', 'policy.md', '-l', 'Team Docs'], { env: { FORCE_COLOR: '1' } });
    expect(detail.stdout).toContain('status\t\u001b[32mready\u001b[39m\n');
    expect(
      (await sb.run(['file', 'list', '-l', 'Team Docs'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout,
    ).not.toMatch(ANSI);
    expect(
      (await sb.run(['--no-color', 'file', 'list', '-l', 'Team Docs'], { env: { FORCE_COLOR: '1' } })).stdout,
    ).not.toMatch(ANSI);
  });

  it('a reader that goes away early ends lib quietly (no EPIPE trace)', () => {
    // `true` exits without reading, before lib has started: every write meets a closed pipe.
    const r = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" "${BIN}" library list --json | true; echo "exit=\${PIPESTATUS[0]}"`],
      {
        env: sb.env,
        cwd: sb.work,
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('exit=0\n');
  });
});

describe('on a terminal (in-process, a test IO that is a terminal)', () => {
  it('an empty list says so on a terminal, and prints nothing in a pipe', async () => {
    const r = await runOnTestTerminal(sb, ['file', 'list', '-l', 'Team Docs', '--label', 'no-such-label']);
    // The note is for the reader (stderr); stdout, the data, stays empty.
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: 'no results\n' });
    const piped = await sb.run(['file', 'list', '-l', 'Team Docs', '--label', 'no-such-label']);
    expect(piped).toEqual(expect.objectContaining({ code: 0, stdout: '', stderr: '' }));
  });

  it('one record is "field: value" lines', async () => {
    const r = await runOnTestTerminal(sb, ['library', 'get', 'Team Docs']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(ANSI);
    const out = stripAnsi(r.stdout);
    expect(out).toMatch(
      exactly`id: ${libraryId}\nname: Team Docs\ndescription: Handbooks\n${/[^]*/}size: 46 B\ncreated: ${RECENT}\n${/[^]*/}`,
    );
  });

  it('--json is pretty-printed for a reader', async () => {
    const r = await runOnTestTerminal(sb, ['library', 'get', 'Team Docs', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(`{\n  "id": "${libraryId}",\n  "name": "Team Docs",\n`)).toBe(true);
  });

  it('NO_COLOR=1, --no-color and TERM=dumb remove color; the table stays', async () => {
    for (const [args, env] of [
      [[], { NO_COLOR: '1' }],
      [['--no-color'], {}],
      [[], { TERM: 'dumb' }],
    ] as [string[], Record<string, string>][]) {
      const r = await runOnTestTerminal(sb, [...args, 'library', 'list'], { env });
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(ANSI);
      expect(lines(r.stdout)[0]).toMatch(/^ID {2,}NAME {2,}DOCUMENTS {2,}SIZE {2,}UPDATED$/);
    }
    // And the same list with nothing set is in color.
    expect((await runOnTestTerminal(sb, ['library', 'list'])).stdout).toMatch(ANSI);
  });

  it('-y skips the question on a terminal too', async () => {
    await sb.lib(['library', 'create', 'Quick', '-q']);
    const r = await runOnTestTerminal(sb, ['library', 'delete', 'Quick', '-y']);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('(y/N)');
    expect(await sb.run(['library', 'get', 'Quick'])).toMatchObject({ code: 3 });
  });

  it('progress goes to stderr on a terminal, never to stdout of a pipe', async () => {
    // Its own library: the other tests' lists stay as they are, whatever the order.
    await sb.lib(['library', 'create', 'Progress', '-q']);
    sb.file('big.txt', 'x'.repeat(1024));
    // Terminal: whatever the spinner drew went to stderr with the outcome line; stdout has the record alone.
    const r = await runOnTestTerminal(sb, ['file', 'upload', 'big.txt', '-l', 'Progress']);
    expect(r.code).toBe(0);
    expect(stripAnsi(r.stderr)).toMatch(/Uploaded big\.txt -> "big\.txt" \([0-9a-f-]{36}\)\n/);
    expect(stripAnsi(r.stdout)).toMatch(/^id: [0-9a-f-]{36}\nname: big\.txt\n/);
    // Pipe with CI unset: stderr holds only the outcome line, no spinner frames.
    const p = await sb.run(['file', 'upload', 'big.txt', '-l', 'Progress', '--name', 'big2.txt']);
    expect(p.stderr).toMatch(exactly`Uploaded big.txt -> "big2.txt" (${UUID})\n`);
    await sb.lib(['library', 'delete', 'Progress', '-y']);
  });
});

// A real pseudo-terminal: the program finding out by itself that it is on one, and the keyboard.
describe.skipIf(!HAS_SCRIPT)('on a real terminal', () => {
  it('a list is a table with bold headers and color, human sizes and times', async () => {
    const r = await runInTerminal(sb, ['file', 'list', '-l', 'Team Docs']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(ANSI);
    expect(r.stdout).toContain('\u001b[1mID\u001b[22m');
    expect(r.stdout).toContain('\u001b[32mready\u001b[39m');
    const table = lines(stripAnsi(r.stdout));
    expect(table).toHaveLength(2);
    expect(table[0]).toMatch(/^ID {2,}NAME {2,}PATH {2,}STATUS {2,}SIZE {2,}LABELS {2,}UPDATED$/);
    expect(table[1]).toMatch(exactly`${fileId.slice(0, 8)}  policy.md${/ +/}ready   46 B  hr      ${RECENT}`);
  });

  it('a destructive verb asks (y/N): "n" keeps the library (exit 1), "y" deletes it', async () => {
    await sb.lib(['library', 'create', 'Ask me', '-q']);
    const no = await runInTerminal(sb, ['library', 'delete', 'Ask me'], { answers: [{ when: '(y/N)', input: 'n\n' }] });
    expect(no.code).toBe(1);
    expect(stripAnsi(no.stdout)).toContain('? Delete library "Ask me" and its 0 file(s)? (y/N) ');
    expect(stripAnsi(no.stdout)).toContain('lib: cancelled\n');
    expect(await sb.run(['library', 'get', 'Ask me'])).toMatchObject({ code: 0 });

    const yes = await runInTerminal(sb, ['library', 'delete', 'Ask me'], {
      answers: [{ when: '(y/N)', input: 'y\n' }],
    });
    expect(yes.code).toBe(0);
    expect(stripAnsi(yes.stdout)).toMatch(/Deleted library "Ask me" \([0-9a-f-]{36}\)\n$/);
    expect(await sb.run(['library', 'get', 'Ask me'])).toMatchObject({ code: 3 });
  });

  it('Ctrl-C interrupts, even while a spinner runs: exit 130', async () => {
    // Its own library: the other tests' lists stay as they are, whatever the order.
    const slowId = (await sb.lib(['library', 'create', 'Slow', '-q'])).trim();
    await withStore(sb, async (store) => {
      await store.putFile({
        libraryId: slowId,
        name: 'slow.md',
        content: Buffer.from('slow\n'),
        processingMs: 600_000,
      });
    });
    const r = await runInTerminal(sb, ['file', 'wait', 'slow.md', '-l', 'Slow', '--interval', '0.2'], {
      answers: [{ when: 'Waiting for 1 file(s) to be processed', input: '\u0003' }],
      timeoutMs: 15_000,
    });
    expect(r.code).toBe(130);
    expect(stripAnsi(r.stdout)).toMatch(/lib: interrupted\n$/);
    await sb.lib(['library', 'delete', 'Slow', '-y']);
  });

  it('stdin (-) on a terminal is refused rather than waited on', async () => {
    const r = await runInTerminal(sb, ['file', 'upload', '-', '--name', 'typed.md', '-l', 'Team Docs']);
    expect(r.code).toBe(2);
    expect(stripAnsi(r.stdout)).toBe('lib: stdin (-) is a terminal; pipe the content in\n');
  });
});
