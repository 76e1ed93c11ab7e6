/**
 * The ai21 provider through a faulty network: 200 files uploaded while `lib
 * serve` answers 10% of requests 429, 5% 503 and resets 2% of connections
 * (all before the request does any work). AI21's upload is not safe to repeat
 * (a second one meets "already exists"), so after a reset or a 5xx the
 * provider looks for the file before sending it again: exactly 200 files at
 * the end, as the CLI lists them and as the dialect counts them. Then lost
 * answers (the server acted, the reply never came): uploads and deletes each
 * done exactly once.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingLeaked, startAi21, writeFiles, type Ai21Serve, type Cli, type Json } from './helpers.js';

let s: Ai21Serve;
let alice: Cli;

beforeAll(async () => {
  s = await startAi21({ faults: { '429': 0.1, '503': 0.05, reset: 0.02 } });
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

describe('ai21 through 10% 429, 5% 503 and 2% resets', () => {
  it('uploads 200 files: exactly 200 at the end, none twice', async () => {
    const names = writeFiles(path.join(alice.work, 'many'), 200);
    const up = await alice.run(['--json', 'file', 'upload', 'many', '--recursive'], { timeoutMs: 240_000 });
    expect(up.code, up.stderr).toBe(0);
    expect((JSON.parse(up.stdout) as Json[]).map((f) => f.name).sort()).toEqual(names);

    const listed: Json[] = await alice.json(['file', 'list', '--all']);
    expect(listed.map((f) => f.name).sort()).toEqual(names);
    expect(new Set(listed.map((f) => f.id)).size).toBe(200);
    expect(await dialectCount(s, s.tokens.alice)).toBe(200);
    const lib: Json = await alice.json(['library', 'get', 'ai21']);
    expect(lib.documents).toBe(200);
  }, 300_000);

  it('answers lost after the server acted: 40 uploads and 10 deletes, each done exactly once', async () => {
    const lossy = await startAi21({ faults: { lost: 0.2 } });
    try {
      const bob = lossy.cli('bob');
      const names = writeFiles(path.join(bob.work, 'few'), 40, 'lost');
      const up = await bob.run(['--json', 'file', 'upload', 'few', '--recursive']);
      expect(up.code, up.stderr).toBe(0);
      const listed: Json[] = await bob.json(['file', 'list', '--all']);
      expect(listed.map((f) => f.name).sort()).toEqual(names);
      const doomed = names.slice(0, 10);
      const del = await bob.run(['file', 'delete', ...doomed, '-y']);
      expect(del.code, del.stderr).toBe(0);
      expect(await dialectCount(lossy, lossy.tokens.bob)).toBe(30);
      expect(expectNothingLeaked(lossy)).toEqual([]);
    } finally {
      await lossy.close();
    }
  }, 300_000);
});
