/**
 * lib's own multipart encoder (src/http/multipart.ts) against the reference it
 * replaced: undici's FormData, serialized by fetch's Response. For the same
 * fields and file, the bytes are the same but for the boundary, whether the
 * file is sent as one buffer or streamed from disk; the length announced is
 * the length sent; a file that cannot be read is one usage error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { FormData, Response } from 'undici';
import { UsageError } from '../../src/errors.js';
import { fileForm, INLINE_FILE_BYTES, type MultipartBody } from '../../src/http/multipart.js';
import { tempDir } from '../helpers.js';

const dir = tempDir('lib-multipart-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function bytesOf(body: MultipartBody['body']): Promise<Buffer> {
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const c of body as Readable) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

/** What undici's FormData sends for the same parts, with its boundary swapped for ours. */
async function reference(
  boundary: string,
  field: string,
  content: Buffer,
  fileName: string,
  type: string,
  fields: [string, string][],
): Promise<Buffer> {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  form.append(field, new Blob([new Uint8Array(content)], { type }), fileName);
  const res = new Response(form);
  const theirs = /boundary=(.+)$/.exec(res.headers.get('content-type')!)![1]!;
  const bytes = Buffer.from(await res.arrayBuffer());
  return Buffer.from(bytes.toString('latin1').split(theirs).join(boundary), 'latin1');
}

describe('fileForm', () => {
  const cases: [string, number][] = [
    ['a small file, sent as one buffer', 1000],
    ['a file of exactly the inline limit', INLINE_FILE_BYTES],
    ['a larger file, streamed from disk', INLINE_FILE_BYTES * 2 + 12345],
  ];
  for (const [what, size] of cases) {
    it(`${what}: the bytes undici's FormData sends, and the length it announces`, async () => {
      const content = Buffer.alloc(size);
      for (let i = 0; i < size; i++) content[i] = (i * 31 + 7) % 256;
      const file = path.join(dir, `f-${size}.bin`);
      fs.writeFileSync(file, content);
      const fields: [string, string][] = [
        ['labels', 'a'],
        ['labels', 'b'],
        ['path', 'dir/sub\nline'],
      ];
      const form = await fileForm('file', file, 'résumé "final".pdf', 'application/pdf', fields)();
      const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(form.contentType)![1]!;
      expect(form.body instanceof Uint8Array).toBe(size <= INLINE_FILE_BYTES);
      const sent = await bytesOf(form.body);
      expect(sent.length).toBe(form.length);
      const expected = await reference(boundary, 'file', content, 'résumé "final".pdf', 'application/pdf', fields);
      expect(sent.equals(expected)).toBe(true);
    });
  }

  it('each call is a fresh body with its own boundary (a retry sends it again)', async () => {
    const file = path.join(dir, 'again.txt');
    fs.writeFileSync(file, 'again\n');
    const make = fileForm('file', file, 'again.txt');
    const [a, b] = [await make(), await make()];
    expect(a.contentType).not.toBe(b.contentType);
    expect((await bytesOf(a.body)).toString()).toContain('\r\nContent-Type: text/plain\r\n\r\nagain\n\r\n');
    expect((await bytesOf(b.body)).toString()).toContain('again\n');
  });

  it('a file that is gone is one usage error naming it', async () => {
    const missing = path.join(dir, 'missing.txt');
    const err = await fileForm('file', missing, 'missing.txt')().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(`cannot read ${missing} (ENOENT)`);
  });

  it('a streamed file that changes size before it is sent is a usage error, not a short body', async () => {
    const file = path.join(dir, 'shrinks.bin');
    fs.writeFileSync(file, Buffer.alloc(INLINE_FILE_BYTES + 10));
    const form = await fileForm('file', file, 'shrinks.bin')();
    fs.writeFileSync(file, 'short');
    const err = await bytesOf(form.body).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(`${file} changed while it was being uploaded`);
  });
});
