/**
 * The hal provider through a faulty network: files uploaded while `lib serve`
 * answers requests 429 and 503 and resets connections (all before the request
 * does any work). The library is created once (its create carries a
 * pre-generated id, so a retry finds it) and every file is in, each once:
 * exactly as many as went up, as the CLI lists them and as the dialect counts.
 *
 * The faults come in a fixed sequence (test/fault-sequence.ts), request by
 * request: the create and the upload's look-up of the library go one at a
 * time, then the uploads, eight at once: the first request after the look-up
 * is an upload, and so is the second (a 429's retry, or another of the
 * eight), so a 429 and a 503 meet an upload itself. No request sees more faults than its retries allow, whichever they
 * land on: a run that fails is a bug, not bad luck. (It was 200 uploads
 * through 10% 429, 5% 503 and 2% resets, then 40 through 20% lost answers, at
 * random.)
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countKinds, faultSequence, type FaultSequence } from '../fault-sequence.js';
import { expectNothingLeaked, startHal, writeFiles, type Cli, type HalServe, type Json } from './helpers.js';

const FILES = 40;
/** The create: its POST, the look-up by its id that finds nothing, the POST again. */
const CREATE = '503 . .';
/**
 * The upload's look-up of the library (and its retry), then the uploads (and the look-ups of
 * what they made): 7 429s and 503s (a request may retry 12), 2 resets (6).
 */
const UPLOAD = '429 . 429 503 . reset . . . 503 . . 429 . reset . . 503 . 429 . .';

let s: HalServe;
let alice: Cli;

let faults: FaultSequence;
let log = '';

beforeAll(async () => {
  faults = faultSequence(`${CREATE} ${UPLOAD}`);
  s = await startHal({ faults: faults.spec, random: faults.random, log: (line) => (log += `${line}\n`) });
  alice = s.cli('alice');
}, 60_000);
afterAll(async () => {
  const leaks = expectNothingLeaked(s);
  await s.close();
  expect(leaks).toEqual([]);
});

/** The request log's lines that match. */
const lines = (text: string, re: RegExp) => text.split('\n').filter((l) => re.test(l));

describe('hal through a sequence of 429s, 503s and resets', () => {
  it(`uploads ${FILES} files: exactly ${FILES} at the end, none twice`, async () => {
    await alice.ok(['library', 'create', 'Faulty']);
    expect(faults.draws()).toBe(CREATE.split(' ').length);
    const names = writeFiles(path.join(alice.work, 'many'), FILES);
    const up = await alice.run(['--json', 'file', 'upload', 'many', '--recursive', '-l', 'alice:faulty'], {
      timeoutMs: 60_000,
    });
    expect(up.code, up.stderr).toBe(0);
    expect((JSON.parse(up.stdout) as Json[]).map((f) => f.name).sort()).toEqual(names);
    // Every fault of the sequence was dealt; the first two after the look-up met uploads.
    expect(faults.dealt()).toEqual(countKinds(`${CREATE} ${UPLOAD}`));
    expect(
      ['429', '503'].filter((st) => lines(log, new RegExp(`^POST /api/libraries/\\S+/files ${st} `)).length === 0),
    ).toEqual([]);

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
    expect(total).toBe(FILES);
    const libraries: Json[] = await alice.json(['library', 'list', '--all']);
    expect(libraries.map((l) => l.name)).toEqual(['Faulty']);
  }, 60_000);

  it('answers lost after the server acted: uploads retried find what they made, 20 files exactly once', async () => {
    // The create's POST (its look-up finds it), the upload's look-up, then the first upload and two
    // other requests of the upload.
    const lost = faultSequence('lost . . lost . . lost . . . lost');
    let lossyLog = '';
    const lossy = await startHal({ faults: lost.spec, random: lost.random, log: (line) => (lossyLog += `${line}\n`) });
    try {
      const bob = lossy.cli('bob');
      await bob.ok(['library', 'create', 'Lossy']);
      expect(lost.draws()).toBe(2);
      const names = writeFiles(path.join(bob.work, 'few'), 20, 'lost');
      const up = await bob.run(['--json', 'file', 'upload', 'few', '--recursive', '-l', 'bob:lossy']);
      expect(up.code, up.stderr).toBe(0);
      const listed: Json[] = await bob.json(['file', 'list', '-l', 'bob:lossy', '--all']);
      expect(listed.map((f) => f.name).sort()).toEqual(names);
      expect((await bob.json(['library', 'list', '--all'])).length).toBe(1);
      // The answers were lost after the server acted (a reset the log puts on the caller, bob).
      expect(lost.dealt()).toEqual({ lost: 4 });
      expect(lines(lossyLog, / reset \d+ms bob$/)).toHaveLength(4);
      expect(lines(lossyLog, /^POST \/api\/libraries reset \d+ms bob$/)).toHaveLength(1);
      expect(lines(lossyLog, /^POST \/api\/libraries\/\S+\/files reset \d+ms bob$/).length).toBeGreaterThan(0);
      expect(expectNothingLeaked(lossy)).toEqual([]);
    } finally {
      await lossy.close();
    }
  }, 60_000);
});
