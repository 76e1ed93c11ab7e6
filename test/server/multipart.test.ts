import { describe, expect, it } from 'vitest';
import { boundaryOf, MultipartReader, type PartInfo } from '../../src/server/multipart.js';

/** Feeds `body` in chunks of `size` bytes, so delimiters and headers fall across chunk edges. */
async function* chunks(body: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
}

async function parse(body: Buffer, boundary: string, size = body.length) {
  const reader = new MultipartReader(chunks(body, size), boundary);
  const parts: (PartInfo & { data: string })[] = [];
  for (let part = await reader.next(); part; part = await reader.next()) {
    const bufs: Buffer[] = [];
    for await (const c of reader.body()) bufs.push(c);
    parts.push({ ...part, data: Buffer.concat(bufs).toString('utf8') });
  }
  return parts;
}

const BODY = Buffer.from(
  [
    'preamble to ignore',
    '--XyZ',
    'Content-Disposition: form-data; name="purpose"',
    '',
    'ocr',
    '--XyZ',
    'Content-Disposition: form-data; name="file"; filename="r\u00e9sum\u00e9 \\"1\\".txt"',
    'Content-Type: text/plain',
    '',
    'line one\r\n--XyNot a boundary\r\nline three',
    '--XyZ--',
    'epilogue',
  ].join('\r\n'),
);

describe('MultipartReader', () => {
  it('reads every part whatever the chunk size', async () => {
    for (const size of [1, 2, 3, 7, 64, BODY.length]) {
      const parts = await parse(BODY, 'XyZ', size);
      expect(parts, `chunk size ${size}`).toEqual([
        { name: 'purpose', data: 'ocr' },
        {
          name: 'file',
          filename: 'résumé "1".txt',
          contentType: 'text/plain',
          data: 'line one\r\n--XyNot a boundary\r\nline three',
        },
      ]);
    }
  });

  it('prefers an RFC 5987 filename* and allows an empty file', async () => {
    const body = Buffer.from(
      `--b\r\nContent-Disposition: form-data; name="file"; filename="plain.txt"; filename*=UTF-8''%E2%82%AC.txt\r\n\r\n\r\n--b--\r\n`,
    );
    expect(await parse(body, 'b')).toEqual([{ name: 'file', filename: '€.txt', data: '' }]);
  });

  it('skips a part body the caller did not read', async () => {
    const reader = new MultipartReader(chunks(BODY, 5), 'XyZ');
    expect((await reader.next())?.name).toBe('purpose');
    expect((await reader.next())?.name).toBe('file');
    expect(await reader.next()).toBeNull();
  });

  it('rejects a body cut before the closing boundary, or a part without a disposition', async () => {
    await expect(parse(BODY.subarray(0, BODY.length - 20), 'XyZ')).rejects.toMatchObject({ status: 400 });
    await expect(parse(Buffer.from('--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--'), 'b')).rejects.toMatchObject({
      status: 400,
    });
  });
});

describe('boundaryOf', () => {
  it('reads plain and quoted boundaries of multipart/form-data only', () => {
    expect(boundaryOf('multipart/form-data; boundary=----abc')).toBe('----abc');
    expect(boundaryOf('Multipart/Form-Data; charset=utf-8; boundary="a b"')).toBe('a b');
    expect(boundaryOf('application/json')).toBeUndefined();
    expect(boundaryOf('multipart/form-data')).toBeUndefined();
  });
});
