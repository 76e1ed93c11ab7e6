/**
 * The renderers with an injected IO (gh's iostreams.Test() idea): the same
 * records printed for a terminal, a pipe, --json, --ndjson, -q and --raw.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decideColor, type IO } from '../../src/output/io.js';
import { printList, printOne, type OutputOptions } from '../../src/output/render.js';
import { libraryList } from '../../src/output/views.js';
import { withRaw, type Library } from '../../src/model.js';

function testIO(tty: boolean): IO & { stdout(): string; stderr(): string } {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (c: Buffer) => (o += c));
  err.on('data', (c: Buffer) => (e += c));
  const io: IO = {
    out,
    err,
    in: new PassThrough(),
    isStdoutTTY: tty,
    isStderrTTY: tty,
    isStdinTTY: tty,
    color: tty,
    progress: false,
    columns: 100,
  };
  return Object.assign(io, { stdout: () => o, stderr: () => e });
}

const lib = (id: string, name: string): Library =>
  withRaw(
    {
      id,
      name,
      description: 'tabs\tand\nlines',
      naturalId: null,
      type: null,
      ownerId: 'u1',
      shared: false,
      documents: 2,
      size: 2048,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
      syncedAt: null,
      syncInterval: null,
      driver: null,
      permissions: null,
    },
    { vendor_id: id, nb_documents: 2 },
  );

const items = [lib('a1', 'Alpha'), lib('b2', 'Beta Docs')];
const human: OutputOptions = { mode: 'human', raw: false };

describe('printList', () => {
  it('a pipe gets tab-separated rows, ISO times and bytes, no color', async () => {
    const io = testIO(false);
    expect(await printList(io, human, libraryList, items)).toBe(2);
    expect(io.stdout()).toBe(
      'a1\tAlpha\t2\t2048\t2026-01-02T00:00:00.000Z\nb2\tBeta Docs\t2\t2048\t2026-01-02T00:00:00.000Z\n',
    );
    expect(io.stderr()).toBe('');
  });

  it('a terminal gets an aligned table with bold headers and human sizes', async () => {
    const io = testIO(true);
    await printList(io, human, libraryList, items);
    const plain = io.stdout().replace(/\u001b\[[0-9;]*m/g, '');
    const lines = plain.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID {2,}NAME {7,}DOCUMENTS {2}SIZE {3,}UPDATED$/);
    expect(lines[1]).toMatch(/^a1 {2,}Alpha {2,}2 {2,}2\.0 KiB {2}\d+ (months?|years?) ago$/);
    expect(io.stdout()).toContain('\u001b[1mID\u001b[22m');
  });

  it("a server's escape sequences never reach the terminal", async () => {
    const io = testIO(true);
    await printList(io, human, libraryList, [lib('e1', 'evil\u001b]0;pwned\u0007\u001b[2J')]);
    expect(io.stdout()).toContain('evil\\u001b]0;pwned\\u0007\\u001b[2J');
    expect(io.stdout()).not.toContain('\u001b[2J');
    expect(io.stdout()).not.toContain('\u0007');
  });

  it('--json is an array ([] when empty), --ndjson a line each, -q ids', async () => {
    let io = testIO(false);
    await printList(io, { mode: 'json', raw: false }, libraryList, []);
    expect(io.stdout()).toBe('[]\n');
    io = testIO(false);
    await printList(io, { mode: 'ndjson', raw: false }, libraryList, items);
    expect(
      io
        .stdout()
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).name),
    ).toEqual(['Alpha', 'Beta Docs']);
    io = testIO(false);
    await printList(io, { mode: 'ids', raw: false }, libraryList, items);
    expect(io.stdout()).toBe('a1\nb2\n');
  });

  it('--raw prints the vendor payload instead of the model', async () => {
    const io = testIO(false);
    await printList(io, { mode: 'json', raw: true }, libraryList, items);
    expect(JSON.parse(io.stdout())).toEqual([
      { vendor_id: 'a1', nb_documents: 2 },
      { vendor_id: 'b2', nb_documents: 2 },
    ]);
  });
});

describe('printOne', () => {
  it('a pipe gets field<TAB>value lines with tabs and newlines escaped', async () => {
    const io = testIO(false);
    await printOne(io, human, libraryList, items[0]!);
    expect(io.stdout()).toBe('id\ta1\nname\tAlpha\ndocuments\t2\nsize\t2048\nupdated\t2026-01-02T00:00:00.000Z\n');
  });

  it('--json is the uniform model, camelCase, null for what the provider lacks', async () => {
    const io = testIO(false);
    await printOne(io, { mode: 'json', raw: false }, libraryList, items[0]!);
    expect(JSON.parse(io.stdout())).toMatchObject({ id: 'a1', naturalId: null, syncedAt: null, documents: 2 });
  });
});

describe('decideColor', () => {
  it.each([
    [{}, true, false, true],
    [{}, false, false, false],
    [{ NO_COLOR: '1' }, true, false, false],
    [{ TERM: 'dumb' }, true, false, false],
    [{ FORCE_COLOR: '1' }, false, false, true],
    [{ FORCE_COLOR: '0' }, true, false, false],
    [{}, true, true, false],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, true, false, false],
  ])('env %j, tty %s, --no-color %s -> %s', (env, isTTY, noColorFlag, expected) => {
    expect(decideColor({ env, isTTY, noColorFlag })).toBe(expected);
  });
});
