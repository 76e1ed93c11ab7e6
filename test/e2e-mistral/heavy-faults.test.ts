/**
 * Under heavy load shedding (20% 429, 10% 503, 5% resets on every request) the
 * adaptive retries land every one of 300 uploads, and `library create`, a POST
 * that is not safe to repeat blindly, succeeds on the first command without
 * ever making a second library. Checked through a server without faults.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Cli, newSecrets, startServe, writeFiles, type Serve } from './helpers.js';

const FILES = 300;
const started: Serve[] = [];
const users: Cli[] = [];

afterAll(async () => {
  for (const cli of users) cli.cleanup();
  await Promise.all(started.map((s) => s.dispose()));
});

describe('heavy faults', () => {
  it(`library create x5 and ${FILES} uploads through 20% 429, 10% 503, 5% resets: all land once`, async () => {
    const secrets = newSecrets();
    const faulty = await startServe({ processingMs: 0, faults: '429=0.2,503=0.1,reset=0.05', secrets });
    started.push(faulty);
    const alice = new Cli(faulty, secrets.alice, { LIB_RETRY_BASE_MS: '2' });
    users.push(alice);

    for (let i = 0; i < 5; i++) {
      const r = await alice.run(['library', 'create', `Busy ${i}`, '-q']);
      expect(r.code, r.stderr).toBe(0);
    }
    const dir = path.join(alice.work, 'upload');
    const names = writeFiles(dir, FILES, 'doc');
    const up = await alice.run(['-q', 'file', 'upload', dir, '--recursive', '--library', 'Busy 0'], {
      timeoutMs: 120_000,
    });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout.trim().split('\n')).toHaveLength(FILES);
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
  }, 180_000);
});
