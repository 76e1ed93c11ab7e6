/**
 * Every request the hal provider sends, checked against the contract,
 * specs/hal-libraries.openapi.yaml, by the shared validator
 * (./openapi-requests.ts): the provider (src, through vitest) drives every one
 * of its operations against `lib serve` started in-process, through a proxy
 * that records each request as it went over the wire. Every operation of the
 * contract is used, and every answer the provider got is checked too.
 *
 * Complements test/server/hal-api.test.ts (the server's answers, route by route).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHalProvider } from '../../src/providers/hal/index.js';
import type { Provider } from '../../src/providers/types.js';
import { startTestServer, type TestServer } from '../server/helpers.js';
import { answerErrors, halValidator } from './hal-contract.js';
import { recordingProxy } from './recording-proxy.js';

const TOKENS = { alice: 'alice-conformance-token', bob: 'bob-conformance-token' };

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Re-asks the server what it answered to `req` (GETs only), for the answer check. */
function replay(url: string, method: string, path: string, headers: Record<string, unknown>) {
  return new Promise<{ status: number; type: string | null; body: unknown }>((ok, fail) => {
    const r = request(url + path, { method, headers: headers as Record<string, string> }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const type = res.headers['content-type'] ?? null;
        ok({ status: res.statusCode ?? 0, type, body: type?.includes('json') ? JSON.parse(text) : text });
      });
    });
    r.on('error', fail);
    r.end();
  });
}

describe("the hal provider's requests against the OpenAPI contract", () => {
  let t: TestServer;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let work: string;
  let drives: string;
  const providers: Provider[] = [];
  const provider = (key = TOKENS.alice): Provider => {
    // No retries: every request recorded is one the provider chose to send.
    const p = createHalProvider({ baseUrl: proxy.url, apiKey: key, retries: 0, version: '0.0.0-test' });
    providers.push(p);
    return p;
  };

  beforeAll(async () => {
    drives = mkdtempSync(join(tmpdir(), 'lib-hal-conf-drives-'));
    t = await startTestServer({
      tokens: Object.entries(TOKENS).map(([name, secret]) => ({ name, secret })),
      teams: [{ name: 'ds', members: ['bob'] }],
      driveRoot: drives,
      syncCheckMs: 0,
    });
    proxy = await recordingProxy(t.url);
    work = mkdtempSync(join(tmpdir(), 'lib-hal-conformance-'));
  });
  afterAll(async () => {
    for (const p of providers) await p.close();
    await proxy?.close();
    await t?.close();
    for (const dir of [work, drives]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, content: string) => {
    const p = join(work, name);
    writeFileSync(p, content);
    return p;
  };

  it('sends only valid requests, whatever operation it performs, uses every operation, and gets the answers the contract says', async () => {
    const alice = provider();

    // Libraries: create (local, cloud with its client), list (paging by start/total, q, sort), resolve, update.
    const docs = await alice.createLibrary!({ name: 'Team Docs', description: 'handbooks', shared: true });
    mkdirSync(join(drives, 'eng'));
    writeFileSync(join(drives, 'eng', 'spec.md'), '# spec');
    const eng = await alice.createLibrary!({
      name: 'Eng Drive',
      type: 'google-drive',
      data: { folderId: 'eng' },
      clientId: 'client-1',
      clientSecret: 'secret-1',
    });
    for (let i = 0; i < 101; i++) await alice.createLibrary!({ name: `bulk ${String(i).padStart(3, '0')}` });
    let total = 0;
    expect(await collect(alice.listLibraries({ all: true, onTotal: (n) => (total = n) }))).toHaveLength(103);
    expect(total).toBe(103);
    expect(await collect(alice.listLibraries({ limit: 3 }))).toHaveLength(3);
    expect((await collect(alice.listLibraries({ search: 'handbooks', limit: 10 }))).map((l) => l.id)).toEqual([
      docs.id,
    ]);
    expect((await collect(alice.listLibraries({ sort: '-name', limit: 1 })))[0]!.name).toBe('Team Docs');
    expect((await alice.resolveLibrary(docs.id)).naturalId).toBe('alice:team-docs');
    expect((await alice.resolveLibrary('alice:team-docs')).id).toBe(docs.id);
    expect((await alice.resolveLibrary('Eng Drive')).driver).toMatchObject({
      id: 'google-drive',
      supportsUpload: false,
    });
    expect((await alice.resolveLibrary(docs.id.slice(0, 8))).id).toBe(docs.id);
    await alice.updateLibrary!(docs.id, { name: 'Team Docs', description: 'renamed', shared: true });
    await alice.updateLibrary!(eng.id, { syncInterval: 60 });
    expect((await alice.whoami!()).user).toMatchObject({ name: 'alice' });

    // Sync, waiting until syncedAt moves.
    const synced = await alice.syncLibrary!(eng.id, { wait: true });
    expect(synced.syncedAt).not.toBeNull();
    expect(await collect(alice.listFiles(eng.id, { all: true }))).toHaveLength(1);

    // Files: upload (path, labels; overwrite), list (filters, sort, paging), resolve, update, download, status, delete.
    const a = await alice.uploadFile(docs.id, {
      filePath: file('a.md', '# A'),
      name: 'a.md',
      path: 'policies/2024',
      labels: ['hr', 'draft'],
    });
    expect(a).toMatchObject({ outcome: 'created', file: { path: 'policies/2024/', labels: ['hr', 'draft'] } });
    expect(
      (
        await alice.uploadFile(docs.id, {
          filePath: file('a2.md', '# A2'),
          name: 'a.md',
          path: 'policies/2024',
          overwrite: true,
        })
      ).outcome,
    ).toBe('replaced');
    await alice.uploadFile(docs.id, { filePath: file('one.txt', 'one label'), name: 'one.txt', labels: ['solo'] });
    for (let i = 0; i < 100; i++)
      await alice.uploadFile(docs.id, { filePath: file(`n${i}.txt`, `note ${i}`), name: `n${i}.txt` });
    expect(await collect(alice.listFiles(docs.id, { all: true }))).toHaveLength(102);
    for (const opts of [
      { search: 'note', limit: 2 },
      { name: 'a.md', all: true },
      { path: 'policies', all: true },
      { label: 'hr', all: true },
      { status: 'ready' as const, limit: 3 },
      { sort: '-size', limit: 2 },
    ]) {
      expect((await collect(alice.listFiles(docs.id, opts))).length).toBeGreaterThan(0);
    }
    expect((await alice.resolveFile(docs.id, a.file.id)).name).toBe('a.md');
    expect((await alice.resolveFile(docs.id, 'policies/2024/a.md')).id).toBe(a.file.id);
    expect((await alice.resolveFile(docs.id, 'n7.txt')).name).toBe('n7.txt');
    expect(
      (await alice.updateFile(docs.id, a.file.id, { addLabels: ['final'], removeLabels: ['draft'] })).labels,
    ).toEqual(['hr', 'final']);
    await alice.updateFile(docs.id, a.file.id, { name: 'b.md', labels: ['x'] });
    const download = await alice.downloadFile!(docs.id, a.file.id);
    const bytes: Uint8Array[] = [];
    for await (const chunk of download.body) bytes.push(chunk);
    expect(Buffer.concat(bytes).toString()).toBe('# A2');
    expect((await alice.fileStatus(docs.id, a.file.id)).providerStatus).toBe('indexed');
    await alice.deleteFile(docs.id, a.file.id);

    // Shares: a user (viewer, then editor) and a team; list; delete.
    await alice.putShare!(docs.id, { type: 'user', id: 'bob' }, 'viewer');
    await alice.putShare!(docs.id, { type: 'user', id: 'bob' }, 'editor');
    await alice.putShare!(docs.id, { type: 'user', id: 'team:ds' }, 'viewer');
    expect((await alice.listShares!(docs.id)).map((s) => [s.principalId, s.level])).toEqual([
      ['alice', 'owner'],
      ['bob', 'editor'],
      ['team:ds', 'viewer'],
    ]);
    await alice.deleteShare!(docs.id, { type: 'user', id: 'bob' });

    // The owner: to a team (bob is its member), then deleted by that member.
    // alice is not in the team: she can no longer read it, so what she learns is the new owner alone.
    const moved = await alice.setOwner!(eng.id, 'team:ds');
    expect(moved).toMatchObject({ id: eng.id, ownerId: 'team:ds', naturalId: null });
    const bob = provider(TOKENS.bob);
    expect((await bob.resolveLibrary('team:ds:eng-drive')).permissions).toMatchObject({ delete: true });
    await bob.deleteLibrary!(eng.id);
    await alice.deleteLibrary!(docs.id);

    // Every request valid; every operation of the contract used.
    const used = new Set<string>();
    const problems: string[] = [];
    for (const req of proxy.requests) {
      const verdict = halValidator.validate(req);
      if (verdict.operationId) used.add(verdict.operationId);
      problems.push(...verdict.errors.map((e) => `${req.method} ${req.url}: ${e}`));
    }
    expect(problems).toEqual([]);
    expect(
      halValidator
        .operations()
        .map((o) => o.operationId)
        .filter((id) => !used.has(id)),
    ).toEqual([]);

    // What the server answered to those GETs (the last 40, replayed) is what the contract says.
    const gets = proxy.requests.filter((r) => r.method === 'GET' && !r.url.endsWith('/content'));
    expect(gets.length).toBeGreaterThan(10);
    const errors: string[] = [];
    for (const req of gets.slice(-40)) {
      const a = await replay(t.url, 'GET', req.url, { authorization: `Bearer ${TOKENS.alice}` });
      if (a.status !== 404) errors.push(...answerErrors('GET', req.url, a.status, a.type, a.body));
    }
    expect(errors).toEqual([]);
  });
});
