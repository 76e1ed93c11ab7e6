/**
 * A refusal says what would help for that action: only the owner deletes a
 * library or shares it; an editor's access is asked of the owner; the owner's
 * own role has no remedy, so no hint. Sharing with someone outside the
 * organization says so. And --overwrite keeps what described the old file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers.js';
import { Cli, newSecrets, startServe, type Serve } from './helpers.js';

let serve: Serve;
let alice: Cli;
let bob: Cli;
const sb = new Sandbox();

beforeAll(async () => {
  const secrets = newSecrets();
  serve = await startServe({ processingMs: 0, secrets });
  alice = new Cli(serve, secrets.alice);
  bob = new Cli(serve, secrets.bob);
  await alice.ok(['library', 'create', 'Owned']);
});
afterAll(async () => {
  alice.cleanup();
  bob.cleanup();
  await serve.dispose();
  sb.cleanup();
});

describe('403 hints that fit the action', () => {
  it("a viewer's upload, an editor's delete, the owner's own role", async () => {
    await alice.ok(['share', 'put', 'Owned', '--user', serve.bob.userId, '--level', 'viewer']);
    const id = (await alice.json(['library', 'get', 'Owned'])).id as string;
    const upload = await bob.run(['file', 'upload', bob.file('x.md', 'x'), '-l', id]);
    expect(upload.code).toBe(4);
    expect(upload.stderr.split('\n')[1]).toBe(
      "Ask the library's owner for editor access, with your user id from: lib auth status",
    );

    await alice.ok(['share', 'put', 'Owned', '--user', serve.bob.userId, '--level', 'editor']);
    const del = await bob.run(['library', 'delete', id, '-y']);
    expect(del.code).toBe(4);
    expect(del.stderr.split('\n')[1]).toBe("Only the library's owner can do this.");

    const own = await alice.run(['share', 'delete', 'Owned', '--user', serve.alice.userId, '-y']);
    expect(own.code).toBe(4);
    expect(own.stderr.split('\n').filter(Boolean)).toHaveLength(1); // the error, and no hint that cannot help
  });

  it('sharing with a user outside the organization says so', async () => {
    const stranger = '0b1e8a7c-0000-4000-8000-000000000000';
    const r = await alice.run(['share', 'put', 'Owned', '--user', stranger, '--level', 'viewer']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      new RegExp(`^lib: User ${stranger} not found in this organization \\(mistral, 404\\)\\n$`),
    );
  });
});

describe('--overwrite keeps what described the file', () => {
  it('locally: labels, public URL and attributes, unless new ones are given', async () => {
    await sb.lib(['library', 'create', 'keep', '-q']);
    const f = sb.file('k.md', 'v1');
    await sb.lib([
      'file',
      'upload',
      f,
      '-l',
      'keep',
      '--label',
      'hr',
      '--public-url',
      'https://e.x/k',
      '--attribute',
      'year:=2024',
      '-q',
    ]);
    sb.file('k.md', 'v2');
    const kept = JSON.parse(await sb.lib(['file', 'upload', f, '-l', 'keep', '--overwrite', '--json']));
    expect(kept).toMatchObject({ labels: ['hr'], publicUrl: 'https://e.x/k', attributes: { year: 2024 }, size: 2 });
    sb.file('k.md', 'v3!');
    const relabeled = JSON.parse(
      await sb.lib(['file', 'upload', f, '-l', 'keep', '--overwrite', '--label', 'fin', '--json']),
    );
    expect(relabeled).toMatchObject({ labels: ['fin'], attributes: { year: 2024 }, size: 3 });
  });

  it('on mistral: the attributes of the document it replaces', async () => {
    await alice.ok(['library', 'create', 'Keep']);
    const f = alice.file('m.md', 'one');
    await alice.ok(['file', 'upload', f, '-l', 'Keep', '--attribute', 'team=core']);
    alice.file('m.md', 'two');
    const replaced = await alice.json(['file', 'upload', f, '-l', 'Keep', '--overwrite']);
    expect(replaced.attributes).toEqual({ team: 'core' });
    const all = await alice.json(['file', 'list', '-l', 'Keep', '--all']);
    expect(all).toHaveLength(1);
  });
});
