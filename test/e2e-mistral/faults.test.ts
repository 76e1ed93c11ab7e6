/**
 * The fault test: `lib serve --faults 429=0.1,503=0.05,reset=0.02` injects
 * 10% 429s, 5% 503s and 2% connection resets into every API request. The
 * built `lib` uploads a directory of 200 distinct files with its default
 * retries, and must exit 0 with every file in exactly once: checked through a
 * second server without faults over the same data directory.
 *
 * LIB_FAULT_RUNS=N repeats the whole exercise N times (to hunt flakiness).
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Cli, newSecrets, startServe, writeFiles, type Serve } from './helpers.js';

const RUNS = Math.max(1, Number(process.env.LIB_FAULT_RUNS ?? 1) || 1);
const FILES = 200;
const started: Serve[] = [];
const users: Cli[] = [];

afterAll(async () => {
  for (const cli of users) cli.cleanup();
  await Promise.all(started.map((s) => s.dispose()));
});

/** Request log lines of `lib serve` (LIB_SERVE_LOG): "METHOD URL STATUS|reset MSms WHO". */
function tally(log: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of log.split('\n')) {
    const m = /^lib serve: (\S+) (\S+) (\d{3}|reset) /.exec(line);
    if (!m) continue;
    const key = `${m[1]} ${m[2]!.includes('/documents') ? 'documents' : 'libraries'} ${m[3]}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('uploads survive injected faults', () => {
  for (let run = 1; run <= RUNS; run++) {
    it(`200 files through 10% 429, 5% 503, 2% resets: exit 0, 200 documents, none lost, none duplicated${RUNS > 1 ? ` (run ${run})` : ''}`, async () => {
      const secrets = newSecrets();
      const faulty = await startServe({ processingMs: 50, faults: '429=0.1,503=0.05,reset=0.02', secrets, log: true });
      started.push(faulty);
      // Short backoff keeps the test fast; the number of retries is the default.
      const alice = new Cli(faulty, secrets.alice, { LIB_RETRY_BASE_MS: '5' });
      users.push(alice);
      const dir = path.join(alice.work, 'upload');
      const names = writeFiles(dir, FILES, 'doc');

      // Creating the library is a POST that is not retried: try again until it exists once.
      let created = false;
      for (let i = 0; i < 20 && !created; i++) {
        const r = await alice.run(['library', 'create', 'Faulty']);
        if (r.code === 0) created = true;
        else expect(r.stderr).toMatch(/\((mistral, (429|503))|closed|reset/);
      }
      expect(created).toBe(true);

      const t0 = Date.now();
      const up = await alice.run(['-q', 'file', 'upload', dir, '--recursive', '--library', 'Faulty'], {
        timeoutMs: 120_000,
      });
      const seconds = (Date.now() - t0) / 1000;
      expect(up.code, up.stderr).toBe(0);
      expect(up.stderr).toBe('');
      const ids = up.stdout.trim().split('\n');
      expect(ids).toHaveLength(FILES);
      expect(new Set(ids).size).toBe(FILES);

      const counts = tally(faulty.stderr());
      const uploads = Object.entries(counts).filter(([k]) => k.startsWith('POST documents'));
      const faults = Object.entries(counts)
        .filter(([k]) => / (429|503|reset)$/.test(k))
        .reduce((n, [, c]) => n + c, 0);
      console.log(
        `fault test run ${run}: upload of ${FILES} files took ${seconds.toFixed(1)} s; ` +
          `server saw ${JSON.stringify(Object.fromEntries(uploads))}; ${faults} faulted requests in all, each retried`,
      );
      // Faults did happen (with ~17% per request, 200 uploads see dozens), and were all survived.
      expect(faults).toBeGreaterThan(5);
      await faulty.stop();

      // A server without faults over the same store and the same principals: the truth.
      const clean = await startServe({ processingMs: 50, dataDir: faulty.dataDir, secrets });
      started.push(clean);
      const check = new Cli(clean, secrets.alice);
      users.push(check);
      const docs = (await check.json(['file', 'list', '--library', 'Faulty', '--all'])) as {
        id: string;
        name: string;
      }[];
      expect(docs).toHaveLength(FILES);
      expect(new Set(docs.map((d) => d.name)).size).toBe(FILES);
      expect(docs.map((d) => d.name).sort()).toEqual(names);
      expect(new Set(docs.map((d) => d.id))).toEqual(new Set(ids));
      const lib = await check.json(['library', 'get', 'Faulty']);
      expect(lib.documents).toBe(FILES);
      expect(await check.json(['library', 'list', '--all'])).toHaveLength(1);
      await clean.stop();
    }, 180_000);
  }
});
