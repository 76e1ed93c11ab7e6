/**
 * Answers lost after the server acted (`lib serve --faults lost=RATE`: the
 * request is carried out, then the connection dropped before the reply).
 * `library create` is not idempotent on Mistral, so lib must neither give up
 * (exit 1) nor send the create again blindly (a second library): it looks for
 * the library the lost answer made before repeating the request. Uploads are
 * repeated as they are (Mistral deduplicates them). Checked through a second
 * server without faults over the same data directory.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Cli, newSecrets, startServe, type Serve } from './helpers.js';

const CREATES = 20;
const started: Serve[] = [];
const users: Cli[] = [];

afterAll(async () => {
  for (const cli of users) cli.cleanup();
  await Promise.all(started.map((s) => s.dispose()));
});

/** How many `METHOD path` requests the server log shows without an answer. */
function unanswered(log: string, method: string, path: string): number {
  return log.split('\n').filter((l) => l.startsWith(`lib serve: ${method} ${path} reset `)).length;
}

describe('lost answers', () => {
  it(`library create x${CREATES} and uploads through 35% lost answers: each exits 0, nothing made twice`, async () => {
    const secrets = newSecrets();
    const faulty = await startServe({ processingMs: 0, faults: 'lost=0.35', secrets, log: true });
    started.push(faulty);
    // A generous retry budget: the lookups after a lost answer can be lost too.
    const alice = new Cli(faulty, secrets.alice, { LIB_RETRY_BASE_MS: '1' });
    users.push(alice);

    const names = Array.from({ length: CREATES }, (_, i) => `Lost ${String(i).padStart(2, '0')}`);
    for (const name of names) {
      const r = await alice.run(['library', 'create', name, '-q', '--retries', '12']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    }
    for (let i = 0; i < 4; i++) alice.file(`up/doc${i}.md`, `# doc ${i}`);
    const up = await alice.run(['-q', 'file', 'upload', 'up', '--recursive', '-l', names[0]!, '--retries', '12']);
    expect(up.code, up.stderr).toBe(0);
    // The fault did strike creates (with 20 of them at 35%, all but certain).
    expect(unanswered(faulty.stderr(), 'POST', '/v1/libraries')).toBeGreaterThan(0);
    await faulty.stop();

    const clean = await startServe({ processingMs: 0, dataDir: faulty.dataDir, secrets });
    started.push(clean);
    const check = new Cli(clean, secrets.alice);
    users.push(check);
    const libraries = (await check.json(['library', 'list', '--all'])) as { name: string }[];
    expect(libraries.map((l) => l.name).sort()).toEqual(names);
    const docs = (await check.json(['file', 'list', '-l', names[0]!, '--all'])) as { name: string }[];
    expect(docs.map((d) => d.name).sort()).toEqual(['doc0.md', 'doc1.md', 'doc2.md', 'doc3.md']);
    await clean.stop();
  }, 180_000);
});
