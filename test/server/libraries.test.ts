import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOB, call, sleep, startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
const api = (method: string, path: string, opts?: Parameters<typeof call>[3]) => call(t.url, method, path, opts);

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('auth', () => {
  it('answers 401 with a JSON detail without a key or with a wrong one', async () => {
    for (const token of [null, 'wrong-token']) {
      const res = await api('GET', '/v1/libraries', { token });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ detail: 'Unauthorized' });
      expect(res.headers.get('content-type')).toBe('application/json');
    }
  });

  it('accepts the key as x-api-key too', async () => {
    const res = await api('GET', '/v1/libraries', { token: null, headers: { 'x-api-key': BOB } });
    expect(res.status).toBe(200);
  });

  it('answers 404 and 405 like FastAPI for unknown paths and methods', async () => {
    expect((await api('GET', '/v1/nothing')).body).toEqual({ detail: 'Not Found' });
    const res = await api('POST', '/v1/libraries/6f1c0b9e-0000-4000-8000-000000000000');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('PATCH');
  });
});

describe('create, get, update, delete', () => {
  it('creates with 201 and every field of Library', async () => {
    const res = await api('POST', '/v1/libraries', {
      json: { name: 'Specs', description: 'the specs', chunk_size: 1024 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Specs',
      created_at: expect.stringMatching(/Z$/),
      updated_at: expect.stringMatching(/Z$/),
      owner_id: t.alice.userId,
      owner_type: 'User',
      total_size: 0,
      nb_documents: 0,
      chunk_size: 1024,
      emoji: null,
      description: 'the specs',
      generated_description: null,
      explicit_user_members_count: 0,
      explicit_workspace_members_count: 0,
      org_sharing_role: null,
      generated_name: null,
    });
    const got = await api('GET', `/v1/libraries/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it('answers 422 with FastAPI detail for a missing name, bad types, bad JSON and a bad uuid', async () => {
    const missing = await api('POST', '/v1/libraries', { json: { description: 'x' } });
    expect(missing.status).toBe(422);
    expect(missing.body.detail).toEqual([
      { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: { description: 'x' } },
    ]);

    const bad = await api('POST', '/v1/libraries', { json: { name: 5, chunk_size: 10, owner_type: 'Team' } });
    expect(bad.body.detail.map((d: { loc: string[] }) => d.loc.join('.'))).toEqual([
      'body.name',
      'body.chunk_size',
      'body.owner_type',
    ]);
    expect(bad.body.detail[1]).toMatchObject({ type: 'greater_than_equal', ctx: { ge: 256 } });

    const json = await api('POST', '/v1/libraries', {
      body: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(json.status).toBe(422);
    expect(json.body.detail[0]).toMatchObject({ type: 'json_invalid', loc: ['body', 0] });

    const empty = await api('POST', '/v1/libraries');
    expect(empty.body.detail).toEqual([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);

    const uuid = await api('GET', '/v1/libraries/not-a-uuid');
    expect(uuid.status).toBe(422);
    expect(uuid.body.detail[0]).toMatchObject({
      type: 'uuid_parsing',
      loc: ['path', 'library_id'],
      input: 'not-a-uuid',
    });
  });

  it('updates by PATCH and by the legacy PUT, only the fields given', async () => {
    const lib = (await api('POST', '/v1/libraries', { json: { name: 'Old', description: 'keep' } })).body;
    const patched = await api('PATCH', `/v1/libraries/${lib.id}`, { json: { name: 'New' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'New', description: 'keep' });
    const put = await api('PUT', `/v1/libraries/${lib.id}`, { json: { description: null } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: 'New', description: null });
  });

  it('maps a duplicate name of the same owner to 409', async () => {
    await api('POST', '/v1/libraries', { json: { name: 'Twice' } });
    const res = await api('POST', '/v1/libraries', { json: { name: 'Twice' } });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('already exists');
  });

  it('deletes with 200 and the deleted library, then 404', async () => {
    const lib = (await api('POST', '/v1/libraries', { json: { name: 'Doomed' } })).body;
    const del = await api('DELETE', `/v1/libraries/${lib.id}`);
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ id: lib.id, name: 'Doomed' });
    const again = await api('GET', `/v1/libraries/${lib.id}`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ detail: 'Library not found' });
  });
});

describe('list', () => {
  it('pages by opaque tokens until next_page_token is null', async () => {
    const s = await startTestServer();
    try {
      for (let i = 0; i < 5; i++) {
        await call(s.url, 'POST', '/v1/libraries', { json: { name: `L${i}` } });
        await sleep(3); // distinct created_at, so "newest first" has one answer
      }
      const seen: string[] = [];
      let token: string | null = null;
      let pages = 0;
      do {
        const q: string = token ? `&page_token=${encodeURIComponent(token)}` : '';
        const res = await call(s.url, 'GET', `/v1/libraries?page_size=2${q}`);
        expect(res.status).toBe(200);
        expect(res.body.pagination).toBeUndefined();
        seen.push(...res.body.data.map((l: { name: string }) => l.name));
        token = res.body.next_page_token;
        pages++;
      } while (token);
      expect(pages).toBe(3);
      expect(seen).toEqual(['L4', 'L3', 'L2', 'L1', 'L0']); // newest first

      // The deprecated offset page still works and fills pagination.
      const old = await call(s.url, 'GET', '/v1/libraries?page=1&page_size=2');
      expect(old.body.data.map((l: { name: string }) => l.name)).toEqual(['L2', 'L1']);
      expect(old.body.pagination).toEqual({
        total_items: 5,
        total_pages: 3,
        current_page: 1,
        page_size: 2,
        has_more: true,
      });
      expect(old.body.next_page_token).toEqual(expect.any(String));

      const search = await call(s.url, 'GET', '/v1/libraries?search=l3');
      expect(search.body.data.map((l: { name: string }) => l.name)).toEqual(['L3']);
    } finally {
      await s.close();
    }
  });

  it('answers 422 for page_size out of 1..100 and for a forged token', async () => {
    for (const size of ['0', '101', 'x']) {
      const res = await api('GET', `/v1/libraries?page_size=${size}`);
      expect(res.status).toBe(422);
      expect(res.body.detail[0].loc).toEqual(['query', 'page_size']);
    }
    const res = await api('GET', '/v1/libraries?page_token=garbage');
    expect(res.status).toBe(422);
    expect(res.body.detail[0].loc).toEqual(['query', 'page_token']);
  });

  it('filters to owned libraries with filter_owned_by_me', async () => {
    const mine = await api('GET', '/v1/libraries?filter_owned_by_me=true', { token: BOB });
    expect(mine.body.data).toEqual([]);
  });
});
