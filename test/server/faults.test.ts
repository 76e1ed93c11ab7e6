import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseFaults } from '../../src/server/index.js';
import { countKinds, faultSequence } from '../fault-sequence.js';
import { ALICE, call, fileForm, startTestServer, type TestServer } from './helpers.js';

describe('parseFaults', () => {
  it('reads kinds and rates', () => {
    expect(parseFaults('429=0.1,503=0.05,reset=0.02')).toEqual({ '429': 0.1, '503': 0.05, reset: 0.02 });
    expect(parseFaults(' 500 = 1 ')).toEqual({ '500': 1 });
  });

  it('throws a UsageError for anything else', () => {
    for (const bad of [
      '',
      '429',
      '429=',
      '429=2',
      '418=0.1',
      'reset=-1',
      '429=0.6,503=0.6',
      '429=0.1,429=0.2',
      'a=b=c',
    ]) {
      expect(() => parseFaults(bad), bad).toThrow(UsageError);
    }
  });
});

describe('the x-lib-fault header', () => {
  let t: TestServer;
  let lib: string;
  let made = 0;
  beforeAll(async () => {
    t = await startTestServer();
  });
  // A library of its own per test: what one test counts, another did not add to.
  beforeEach(async () => {
    lib = (await call(t.url, 'POST', '/v1/libraries', { json: { name: `Faults ${++made}` } })).body.id;
  });
  afterAll(() => t.close());
  const count = async () => (await call(t.url, 'GET', `/v1/libraries/${lib}/documents`)).body.pagination.total_items;

  it('answers 429 and 503 with Retry-After: 0 before doing anything', async () => {
    for (const status of [429, 503]) {
      const res = await call(t.url, 'POST', `/v1/libraries/${lib}/documents`, {
        body: fileForm(`f${status}.txt`, 'content'),
        headers: { 'x-lib-fault': String(status) },
      });
      expect(res.status).toBe(status);
      expect(res.headers.get('retry-after')).toBe('0');
      expect(res.body.detail).toContain('injected fault');
    }
    expect(await count()).toBe(0);
  });

  it('faults before auth, so even a bad key sees the fault', async () => {
    const res = await call(t.url, 'GET', '/v1/libraries', { token: 'wrong', headers: { 'x-lib-fault': '503' } });
    expect(res.status).toBe(503);
  });

  it('resets the connection without answering, and the upload has no effect', async () => {
    await expect(
      call(t.url, 'POST', `/v1/libraries/${lib}/documents`, {
        body: fileForm('r.txt', 'reset me'),
        headers: { 'x-lib-fault': 'reset' },
      }),
    ).rejects.toThrow();
    expect(await count()).toBe(0);
  });

  it('answers 400 for an unknown fault, so a typo cannot test nothing', async () => {
    const res = await call(t.url, 'GET', '/v1/libraries', { headers: { 'x-lib-fault': '418' } });
    expect(res.status).toBe(400);
  });

  it('does not fault signed links', async () => {
    const doc = (await call(t.url, 'POST', `/v1/libraries/${lib}/documents`, { body: fileForm('ok.txt', 'ok') })).body;
    const url = (await call(t.url, 'GET', `/v1/libraries/${lib}/documents/${doc.id}/signed-url`)).body as string;
    expect((await fetch(url, { headers: { 'x-lib-fault': 'reset' } })).status).toBe(200);
  });
});

describe('fault rates', () => {
  it('draws once per request: the kinds laid end to end on [0, 1)', async () => {
    const draws = [0.05, 0.15, 0.25, 0.5];
    const t = await startTestServer({
      faults: { '429': 0.1, '503': 0.1, reset: 0.1 },
      random: () => draws.shift() ?? 0.9,
    });
    try {
      expect((await call(t.url, 'GET', '/v1/libraries')).status).toBe(429);
      expect((await call(t.url, 'GET', '/v1/libraries')).status).toBe(503);
      await expect(call(t.url, 'GET', '/v1/libraries')).rejects.toThrow();
      expect((await call(t.url, 'GET', '/v1/libraries')).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it("a fault sequence (the fault tests' draw) deals its steps in order, then no fault", async () => {
    const seq = faultSequence('503 . reset 429');
    const t = await startTestServer({ faults: seq.spec, random: seq.random });
    try {
      expect((await call(t.url, 'GET', '/v1/libraries')).status).toBe(503);
      expect((await call(t.url, 'GET', '/v1/libraries')).status).toBe(200);
      await expect(call(t.url, 'GET', '/v1/libraries')).rejects.toThrow();
      expect((await call(t.url, 'GET', '/v1/libraries')).status).toBe(429);
      expect(seq.dealt()).toEqual(countKinds('503 . reset 429'));
      for (let i = 0; i < 3; i++) expect((await call(t.url, 'GET', '/v1/libraries')).status).toBe(200);
      expect(seq.draws()).toBe(7);
    } finally {
      await t.close();
    }
  });

  it('answers a faulted large upload only after reading it, so the client sees the status', async () => {
    const t = await startTestServer({ faults: { '429': 1 } });
    try {
      const body = Buffer.alloc(2 * 1024 * 1024, 'a');
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          `${t.url}/v1/libraries`,
          { method: 'POST', headers: { authorization: `Bearer ${ALICE}` } },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      expect(status).toBe(429);
    } finally {
      await t.close();
    }
  });
});
