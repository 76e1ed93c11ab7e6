/**
 * Four `lib` processes (twice the machine's cores) uploading into one library
 * at once lose nothing: every one exits 0, all four files are listed
 * afterwards with the right content, and the database passes SQLite's
 * integrity check.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { openDatabase } from '../sqlite.js';
import { afterAll, expect, it } from 'vitest';
import { exactly, ISO, json, runBinary, Sandbox, UUID } from '../helpers.js';
import { dataDir } from './fixtures.js';

const PROCESSES = 4;
const sb = new Sandbox();
afterAll(() => sb.cleanup());

it(`${PROCESSES} processes upload into one library at once`, { timeout: 90_000 }, async () => {
  await sb.lib(['library', 'create', 'busy', '-q']);
  const contents = Array.from({ length: PROCESSES }, (_, i) => `file ${i}: ${'x'.repeat(i * 100)}\n`);
  contents.forEach((c, i) => sb.file(`f${i}.txt`, c));

  const results = await Promise.all(
    contents.map((_, i) =>
      // Real processes: the point is many writers at once, which one process cannot show.
      runBinary(['file', 'upload', `f${i}.txt`, '--library', 'busy', '--label', `p${i}`], {
        timeoutMs: 80_000,
        env: sb.env,
        cwd: sb.work,
      }),
    ),
  );
  results.forEach((r, i) => {
    expect({ i, code: r.code, stderr: r.stderr }).toEqual({
      i,
      code: 0,
      stderr: expect.stringMatching(exactly`Uploaded f${i}.txt -> "f${i}.txt" (${UUID})\n`),
    });
    expect(r.stdout).toMatch(
      exactly`id\t${UUID}\nname\tf${i}.txt\npath\t\nstatus\tready\nsize\t${Buffer.byteLength(contents[i]!)}\nlabels\tp${i}\nupdated\t${ISO}\n`,
    );
  });

  const listed = json<{ id: string; name: string; hash: string; labels: string[] }[]>(
    await sb.lib(['file', 'list', '-l', 'busy', '--all', '--json']),
  );
  expect(listed.map((f) => f.name).sort()).toEqual(contents.map((_, i) => `f${i}.txt`).sort());
  for (const f of listed) {
    const i = Number(/^f(\d+)\.txt$/.exec(f.name)![1]);
    expect(f.hash).toBe(createHash('sha256').update(contents[i]!).digest('hex'));
    expect(f.labels).toEqual([`p${i}`]);
    expect(results[i]!.stdout).toContain(`id\t${f.id}\n`);
  }
  expect(json<{ documents: number }>(await sb.lib(['library', 'get', 'busy', '--json'])).documents).toBe(PROCESSES);

  const db = openDatabase(path.join(dataDir(sb), 'lib.db'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect((db.prepare('SELECT count(*) AS n FROM file_fts').get() as { n: number }).n).toBe(PROCESSES);
  } finally {
    db.close();
  }
});
