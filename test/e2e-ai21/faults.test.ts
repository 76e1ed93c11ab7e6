/**
 * The ai21 provider through a faulty network: files uploaded while `lib
 * serve` answers requests 429 and 503 and resets connections (all before the
 * request does any work). AI21's upload is not safe to repeat (a second one
 * meets "already exists"), so after a reset or a 5xx the provider looks for
 * the file before sending it again: exactly as many files at the end as went
 * up, as the CLI lists them and as the dialect counts them. Then lost answers
 * (the server acted, the reply never came): uploads and deletes each done
 * exactly once.
 *
 * The faults come in a fixed sequence (test/fault-sequence.ts), request by
 * request: the first request is an upload, and so is the second (a 429's
 * retry, or another of the eight that go at once), so a 429 and a 503 meet an
 * upload itself; the deletes go one at a time after looking each name up, so
 * lost answers meet deletes. No
 * request sees more faults than its retries allow, whichever they land on: a
 * run that fails is a bug, not bad luck. (It was 200 uploads through 10% 429,
 * 5% 503 and 2% resets, then 40 uploads and 10 deletes through 20% lost, at
 * random.)
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countKinds, faultSequence, type FaultSequence } from '../fault-sequence.js';
import { expectNothingLeaked, startAi21, writeFiles, type Ai21Serve, type Cli, type Json } from './helpers.js';

const FILES = 40;
/**
 * Request by request through the upload (its POSTs, the look-ups after a 503 or a reset, the reads of
 * what it made): 5 429s and 4 503s (a request may retry 12 of those) and 2 resets (6).
 */
const SEQUENCE = '429 503 . . reset . . . 429 . . 503 . . 429 . reset . . 503 . 429 . . 503 . . 429 . .';

let s: Ai21Serve;
let alice: Cli;

let faults: FaultSequence;
let log = '';

beforeAll(async () => {
  faults = faultSequence(SEQUENCE);
  s = await startAi21({ faults: faults.spec, random: faults.random, log: (line) => (log += `${line}\n`) });
  alice = s.cli('alice');
}, 60_000);
afterAll(async () => {
  const leaks = expectNothingLeaked(s);
  await s.close();
  expect(leaks).toEqual([]);
});

/** The dialect's own listing, asked again past injected faults. */
async function dialectCount(serve: Ai21Serve, token: string): Promise<number> {
  for (let attempt = 0; attempt < 30; attempt++) {
    // A reset or a lost answer throws: ask again.
    const res = await fetch(`${serve.baseUrl}/library/files?limit=1000`, {
      headers: { authorization: `Bearer ${token}` },
    }).catch(() => undefined);
    if (res?.ok) return ((await res.json()) as unknown[]).length;
  }
  throw new Error('the dialect never answered');
}

/** How many requests of the log were METHOD ones that ended in STATUS (a status code, or reset). */
function logged(text: string, method: string, status: string): number {
  return text.split('\n').filter((l) => l.startsWith(`${method} `) && l.split(' ')[2] === status).length;
}

describe('ai21 through a sequence of 429s, 503s and resets', () => {
  it(`uploads ${FILES} files: exactly ${FILES} at the end, none twice`, async () => {
    const names = writeFiles(path.join(alice.work, 'many'), FILES);
    const up = await alice.run(['--json', 'file', 'upload', 'many', '--recursive'], { timeoutMs: 60_000 });
    expect(up.code, up.stderr).toBe(0);
    expect((JSON.parse(up.stdout) as Json[]).map((f) => f.name).sort()).toEqual(names);
    // Every fault of the sequence was dealt; the first two met uploads.
    expect(faults.dealt()).toEqual(countKinds(SEQUENCE));
    expect(['429', '503'].filter((status) => logged(log, 'POST', status) === 0)).toEqual([]);

    const listed: Json[] = await alice.json(['file', 'list', '--all']);
    expect(listed.map((f) => f.name).sort()).toEqual(names);
    expect(new Set(listed.map((f) => f.id)).size).toBe(FILES);
    expect(await dialectCount(s, s.tokens.alice)).toBe(FILES);
    const lib: Json = await alice.json(['library', 'get', 'ai21']);
    expect(lib.documents).toBe(FILES);
  }, 60_000);

  it('answers lost after the server acted: 20 uploads and 5 deletes, each done exactly once', async () => {
    // The first upload and two other requests of the upload; then, past the five look-ups, the first
    // delete and the second.
    const lost = faultSequence('lost . . lost . . . lost');
    let lossyLog = '';
    const lossy = await startAi21({
      faults: lost.spec,
      random: lost.random,
      log: (line) => (lossyLog += `${line}\n`),
    });
    try {
      const bob = lossy.cli('bob');
      const names = writeFiles(path.join(bob.work, 'few'), 20, 'lost');
      const up = await bob.run(['--json', 'file', 'upload', 'few', '--recursive']);
      expect(up.code, up.stderr).toBe(0);
      const listed: Json[] = await bob.json(['file', 'list', '--all']);
      expect(listed.map((f) => f.name).sort()).toEqual(names);
      const doomed = names.slice(0, 5);
      lost.next('. . . . . lost . lost');
      const del = await bob.run(['file', 'delete', ...doomed, '-y']);
      expect(del.code, del.stderr).toBe(0);
      expect(await dialectCount(lossy, lossy.tokens.bob)).toBe(15);
      // The answers were lost after the server acted (a reset the log puts on the caller, bob).
      expect(lost.dealt()).toEqual({ lost: 5 });
      const lostAnswers = lossyLog.split('\n').filter((l) => / reset \d+ms bob$/.test(l));
      expect(lostAnswers).toHaveLength(5);
      expect(lostAnswers.filter((l) => l.startsWith('POST ')).length).toBeGreaterThan(0);
      expect(lostAnswers.filter((l) => l.startsWith('DELETE '))).toHaveLength(2);
      expect(expectNothingLeaked(lossy)).toEqual([]);
    } finally {
      await lossy.close();
    }
  }, 60_000);
});
