import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOB, call, fileForm, startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
let lib: string;
const api = (method: string, path: string, opts?: Parameters<typeof call>[3]) => call(t.url, method, path, opts);
const asBob = (method: string, path: string, opts: Parameters<typeof call>[3] = {}) =>
  api(method, path, { ...opts, token: BOB });
const share = (level: string, type = 'User', id = t.bob.userId) =>
  api('PUT', `/v1/libraries/${lib}/share`, { json: { level, share_with_type: type, share_with_uuid: id } });

beforeEach(async () => {
  t = await startTestServer();
  lib = (await api('POST', '/v1/libraries', { json: { name: 'Private' } })).body.id;
});
afterEach(() => t.close());

describe('visibility', () => {
  it('hides a private library from others with 404, as if it did not exist', async () => {
    expect((await asBob('GET', '/v1/libraries')).body.data).toEqual([]);
    for (const [method, path] of [
      ['GET', `/v1/libraries/${lib}`],
      ['GET', `/v1/libraries/${lib}/documents`],
      ['DELETE', `/v1/libraries/${lib}`],
      ['GET', `/v1/libraries/${lib}/share`],
    ] as const) {
      const res = await asBob(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toEqual({ detail: 'Library not found' });
    }
  });

  it('lists the owner first with role Owner', async () => {
    const res = await api('GET', `/v1/libraries/${lib}/share`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      {
        library_id: lib,
        user_id: t.alice.userId,
        org_id: t.server.orgId,
        role: 'Owner',
        share_with_type: 'User',
        share_with_uuid: t.alice.userId,
      },
    ]);
  });
});

describe('levels', () => {
  it('lets a viewer read but not write', async () => {
    const doc = (await api('POST', `/v1/libraries/${lib}/documents`, { body: fileForm('a.txt', 'alpha') })).body;
    const put = await share('Viewer');
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ role: 'Viewer', share_with_type: 'User', share_with_uuid: t.bob.userId });

    expect((await asBob('GET', '/v1/libraries')).body.data.map((l: { id: string }) => l.id)).toEqual([lib]);
    expect((await asBob('GET', `/v1/libraries/${lib}/documents/${doc.id}/text_content`)).body.text).toBe('alpha');
    const upload = await asBob('POST', `/v1/libraries/${lib}/documents`, { body: fileForm('b.txt', 'beta') });
    expect(upload.status).toBe(403);
    expect((await asBob('PATCH', `/v1/libraries/${lib}`, { json: { name: 'Mine' } })).status).toBe(403);
    expect((await asBob('DELETE', `/v1/libraries/${lib}/documents/${doc.id}`)).status).toBe(403);
    expect((await asBob('POST', `/v1/libraries/${lib}/documents/${doc.id}/reprocess`)).status).toBe(403);
    expect((await api('GET', `/v1/libraries/${lib}`)).body.explicit_user_members_count).toBe(1);
  });

  it('lets an editor write documents and update, but not share or delete the library', async () => {
    await share('Editor');
    const upload = await asBob('POST', `/v1/libraries/${lib}/documents`, { body: fileForm('b.txt', 'beta') });
    expect(upload.status).toBe(201);
    expect(upload.body.uploaded_by_id).toBe(t.bob.userId);
    expect((await asBob('PATCH', `/v1/libraries/${lib}`, { json: { description: 'edited' } })).status).toBe(200);
    const reshare = await asBob('PUT', `/v1/libraries/${lib}/share`, {
      json: { level: 'Viewer', share_with_type: 'User', share_with_uuid: t.alice.userId },
    });
    expect(reshare.status).toBe(403);
    expect((await asBob('DELETE', `/v1/libraries/${lib}`)).status).toBe(403);
  });

  it('shares with the whole organization or workspace', async () => {
    const listOrg = await api('GET', `/v1/libraries/${lib}/share`);
    const org = t.server.orgId;
    const res = await share('Viewer', 'Org', org);
    expect(res.body).toMatchObject({ role: 'Viewer', share_with_type: 'Org', share_with_uuid: org, user_id: null });
    expect(listOrg.status).toBe(200);
    expect((await asBob('GET', `/v1/libraries/${lib}`)).status).toBe(200);
    expect((await api('GET', `/v1/libraries/${lib}`)).body.org_sharing_role).toBe('Viewer');
  });
});

describe('owner_type', () => {
  it('keeps a new library private by default; "Workspace" shares it with the workspace as Viewer', async () => {
    const team = (await api('POST', '/v1/libraries', { json: { name: 'Team', owner_type: 'Workspace' } })).body;
    expect(team).toMatchObject({ owner_id: t.alice.userId, owner_type: 'User', explicit_workspace_members_count: 1 });
    expect((await asBob('GET', '/v1/libraries')).body.data.map((l: { id: string }) => l.id)).toEqual([team.id]);
    const shares = (await api('GET', `/v1/libraries/${team.id}/share`)).body.data;
    expect(shares[1]).toMatchObject({ role: 'Viewer', share_with_type: 'Workspace', user_id: null });
  });
});

describe('sharing rules', () => {
  it("refuses to change or delete the owner's own access with 403", async () => {
    const change = await share('Viewer', 'User', t.alice.userId);
    expect(change.status).toBe(403);
    expect(change.body).toEqual({ detail: 'An owner cannot change their own role' });
    const drop = await api('DELETE', `/v1/libraries/${lib}/share`, {
      json: { share_with_type: 'User', share_with_uuid: t.alice.userId },
    });
    expect(drop.status).toBe(403);
  });

  it('refuses targets outside the organization', async () => {
    const stranger = await share('Viewer', 'User', '0b7c2a52-1b6a-4f9e-9c1e-7a0f3c2d5e6f');
    expect(stranger.status).toBe(404);
    const otherOrg = await api('PUT', `/v1/libraries/${lib}/share`, {
      json: {
        level: 'Viewer',
        share_with_type: 'User',
        share_with_uuid: t.bob.userId,
        org_id: '0b7c2a52-1b6a-4f9e-9c1e-7a0f3c2d5e6f',
      },
    });
    expect(otherOrg.status).toBe(403);
  });

  it('validates the body: level, type and uuid', async () => {
    const res = await api('PUT', `/v1/libraries/${lib}/share`, {
      json: { level: 'Owner', share_with_type: 'Team', share_with_uuid: 'x' },
    });
    expect(res.status).toBe(422);
    expect(res.body.detail.map((d: { loc: string[] }) => d.loc.join('.')).sort()).toEqual([
      'body.level',
      'body.share_with_type',
      'body.share_with_uuid',
    ]);
    const missing = await api('PUT', `/v1/libraries/${lib}/share`, { json: {} });
    expect(missing.body.detail.map((d: { type: string }) => d.type)).toEqual(['missing', 'missing', 'missing']);
  });

  it('deletes a share with 200 and the deleted sharing (no level sent), then 404', async () => {
    await share('Editor');
    const body = { share_with_type: 'User', share_with_uuid: t.bob.userId };
    const del = await api('DELETE', `/v1/libraries/${lib}/share`, { json: body });
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ role: 'Editor', share_with_uuid: t.bob.userId });
    expect((await asBob('GET', `/v1/libraries/${lib}`)).status).toBe(404);
    expect((await api('DELETE', `/v1/libraries/${lib}/share`, { json: body })).status).toBe(404);
  });

  it('lets a member leave, but not remove others', async () => {
    await share('Viewer');
    const others = await asBob('DELETE', `/v1/libraries/${lib}/share`, {
      json: { share_with_type: 'Org', share_with_uuid: t.server.orgId },
    });
    expect(others.status).toBe(403);
    const leave = await asBob('DELETE', `/v1/libraries/${lib}/share`, {
      json: { share_with_type: 'User', share_with_uuid: t.bob.userId },
    });
    expect(leave.status).toBe(200);
    expect((await asBob('GET', '/v1/libraries')).body.data).toEqual([]);
  });
});

describe('principals', () => {
  it('keeps user and organization ids across restarts of the same data dir', async () => {
    const { orgId, principals } = t.server;
    await t.server.close();
    const again = await startTestServer({ dataDir: t.dir });
    try {
      expect(again.server.orgId).toBe(orgId);
      expect(again.server.principals.map((p) => p.userId)).toEqual(principals.map((p) => p.userId));
      expect((await call(again.url, 'GET', `/v1/libraries/${lib}`)).status).toBe(200);
    } finally {
      await again.close();
    }
    t = await startTestServer(); // for afterEach
  });

  it('makes one principal with a generated token when none is given', async () => {
    const s = await startTestServer({ tokens: [] });
    try {
      expect(s.server.principals).toEqual([
        { name: 'local', userId: expect.any(String), token: expect.any(String), generated: true },
      ]);
      const token = s.server.principals[0]!.token;
      expect((await call(s.url, 'GET', '/v1/libraries', { token })).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
