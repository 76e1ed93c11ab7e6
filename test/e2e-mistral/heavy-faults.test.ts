/**
 * Under heavy load shedding (about a third of the requests 429, 503 or reset)
 * the adaptive retries land every upload, and `library create`, a POST that is
 * not safe to repeat blindly, succeeds on the first command without ever
 * making a second library. Checked through a server without faults.
 *
 * The faults come in a fixed sequence (test/fault-sequence.ts), request by
 * request. Each create is one command at a time, so its faults are its own:
 * the first meets seven 429s in a row (more than the six retries other
 * failures get: the adaptive budget gives overload twice that), the next ones
 * a 503 or a reset, after which the provider looks for the library before
 * sending it again. The uploads, eight at once, share 14 faults, fewer than
 * any one request may retry, so whichever they land on, all get through: a run
 * that fails is a bug, not bad luck. (It was 300 uploads through 20% 429, 10%
 * 503 and 5% resets at random.)
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countKinds, faultSequence } from '../fault-sequence.js';
import { Cli, newSecrets, startServe, writeFiles, type Serve } from './helpers.js';

const FILES = 60;
const CREATES = [
  '429 429 429 429 429 429 429 .', // Busy 0: the POST, answered the eighth time
  '503 . .', // Busy 1: the POST, the look-up that finds nothing, the POST again
  'reset . .', // Busy 2: likewise after a reset
  '503 reset . .', // Busy 3: the look-up itself reset, and asked again
  '.', // Busy 4
].join(' ');
/** The upload's look-up of the library, then the uploads: 11 429s and 503s (a request may retry 12) and 3 resets (6). */
const UPLOADS = '503 429 . 429 503 . reset 429 . . 429 503 . 429 . reset . 503 429 . . reset . 503 . . .';
const started: Serve[] = [];
const users: Cli[] = [];

afterAll(async () => {
  for (const cli of users) cli.cleanup();
  await Promise.all(started.map((s) => s.dispose()));
});

describe('heavy faults', () => {
  it(`library create x5 and ${FILES} uploads through a sequence of 429s, 503s and resets: all land once`, async () => {
    const secrets = newSecrets();
    const faults = faultSequence(`${CREATES} ${UPLOADS}`);
    const faulty = await startServe({ processingMs: 0, faults: faults.spec, random: faults.random, secrets });
    started.push(faulty);
    const alice = new Cli(faulty, secrets.alice, { LIB_RETRY_BASE_MS: '2' });
    users.push(alice);

    for (let i = 0; i < 5; i++) {
      const r = await alice.run(['library', 'create', `Busy ${i}`, '-q']);
      expect(r.code, r.stderr).toBe(0);
    }
    // Each create drew exactly its own part of the sequence.
    expect(faults.draws()).toBe(CREATES.split(' ').length);
    const dir = path.join(alice.work, 'upload');
    const names = writeFiles(dir, FILES, 'doc');
    const up = await alice.run(['-q', 'file', 'upload', dir, '--recursive', '--library', 'Busy 0'], {
      timeoutMs: 120_000,
    });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout.trim().split('\n')).toHaveLength(FILES);
    // Every fault of the sequence was dealt, and survived.
    expect(faults.dealt()).toEqual(countKinds(`${CREATES} ${UPLOADS}`));
    await faulty.stop();

    const clean = await startServe({ processingMs: 0, dataDir: faulty.dataDir, secrets });
    started.push(clean);
    const check = new Cli(clean, secrets.alice);
    users.push(check);
    const libraries = (await check.json(['library', 'list', '--all'])) as { name: string }[];
    expect(libraries.map((l) => l.name).sort()).toEqual(['Busy 0', 'Busy 1', 'Busy 2', 'Busy 3', 'Busy 4']);
    const docs = (await check.json(['file', 'list', '--library', 'Busy 0', '--all'])) as { name: string }[];
    expect(docs.map((d) => d.name).sort()).toEqual(names);
    await clean.stop();
  }, 60_000);
});
