/**
 * The hal provider through a faulty network: 200 files uploaded while `lib
 * serve` answers 10% of requests 429, 5% 503 and resets 2% of connections
 * (all before the request does any work). The library is created once (its
 * create carries a pre-generated id, so a retry finds it) and every file is
 * in, each once: exactly 200, as the CLI lists them and as the dialect counts.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingLeaked, startHal, writeFiles, type Cli, type HalServe, type Json } from './helpers.js';

let s: HalServe;
let alice: Cli;

beforeAll(async () => {
  s = await startHal({ faults: { '429': 0.1, '503': 0.05, reset: 0.02 } });
  alice = s.cli('alice');
}, 60_000);
afterAll(async () => {
  const leaks = expectNothingLeaked(s);
  await s.close();
  expect(leaks).toEqual([]);
});

describe('hal through 10% 429, 5% 503 and 2% resets', () => {
  it('uploads 200 files: exactly 200 at the end, none twice', async () => {
    await alice.ok(['library', 'create', 'Faulty']);
    const names = writeFiles(path.join(alice.work, 'many'), 200);
    const up = await alice.run(['--json', 'file', 'upload', 'many', '--recursive', '-l', 'alice:faulty'], {
      timeoutMs: 240_000,
    });
    expect(up.code, up.stderr).toBe(0);
    expect((JSON.parse(up.stdout) as Json[]).map((f) => f.name).sort()).toEqual(names);

    const listed: Json[] = await alice.json(['file', 'list', '-l', 'alice:faulty', '--all']);
    expect(listed.map((f) => f.name).sort()).toEqual(names);

    // The dialect's own count (a plain request, asked again past injected faults).
    const lib: Json = await alice.json(['library', 'get', 'alice:faulty']);
    let total = -1;
    for (let attempt = 0; attempt < 20 && total < 0; attempt++) {
      // An injected reset makes fetch throw: ask again.
      const res = await fetch(`${s.url}/api/libraries/${lib.id}/files?limit=1`, {
        headers: { authorization: `Bearer ${s.tokens.alice}` },
      }).catch(() => undefined);
      if (res?.ok) total = ((await res.json()) as { total: number }).total;
    }
    expect(total).toBe(200);
    const libraries: Json[] = await alice.json(['library', 'list', '--all']);
    expect(libraries.map((l) => l.name)).toEqual(['Faulty']);
  }, 300_000);

  it('answers lost after the server acted: uploads retried find what they made, 40 files exactly once', async () => {
    const lossy = await startHal({ faults: { lost: 0.2 } });
    try {
      const bob = lossy.cli('bob');
      await bob.ok(['library', 'create', 'Lossy']);
      const names = writeFiles(path.join(bob.work, 'few'), 40, 'lost');
      const up = await bob.run(['--json', 'file', 'upload', 'few', '--recursive', '-l', 'bob:lossy']);
      expect(up.code, up.stderr).toBe(0);
      const listed: Json[] = await bob.json(['file', 'list', '-l', 'bob:lossy', '--all']);
      expect(listed.map((f) => f.name).sort()).toEqual(names);
      expect((await bob.json(['library', 'list', '--all'])).length).toBe(1);
      expect(expectNothingLeaked(lossy)).toEqual([]);
    } finally {
      await lossy.close();
    }
  }, 300_000);
});
