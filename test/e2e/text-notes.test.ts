/**
 * Why a file's text is cut or missing is part of the file, not only a note on
 * `file text`'s stderr: `file status` and `file get` show it (textNote), in
 * JSON and as a row, and `file text --json` carries it. Whole text: null.
 * Text over the cap is cut there (one 20 MiB file, the suite's only one).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, Sandbox } from '../helpers.js';
import { pdf } from '../fixtures/documents.js';
import { TEXT_CAP_BYTES } from '../../src/store/text.js';

const sb = new Sandbox();
beforeAll(async () => {
  await sb.lib(['library', 'create', 'docs', '-q']);
  sb.file('scan.pdf', pdf(['']));
  sb.file('whole.md', '# whole\n');
  // Lines of blanks: the cap is the point, not 20 MiB of text for the full-text index to take in.
  // One byte over, and the cut falls at the end of a line (file text adds no newline of its own).
  const line = ' '.repeat(1023) + '\n';
  fs.writeFileSync(path.join(sb.work, 'big.txt'), line.repeat(TEXT_CAP_BYTES / 1024) + ' ');
  await sb.lib(['file', 'upload', 'scan.pdf', 'whole.md', 'big.txt', '-l', 'docs', '-q']);
});
afterAll(() => sb.cleanup());

const SCANNED = 'no text found in this PDF (scanned pages need OCR, which lib does not do)';

describe('textNote', () => {
  it('file status says why a PDF has no text, in JSON and as a row', async () => {
    expect(json(await sb.lib(['file', 'status', 'scan.pdf', '-l', 'docs', '--json']))).toMatchObject({
      status: 'ready',
      error: null,
      textNote: SCANNED,
    });
    expect(await sb.lib(['file', 'status', 'scan.pdf', '-l', 'docs'])).toContain(`\ntextNote\t${SCANNED}\n`);
  });

  it('file get says text over the cap was cut', async () => {
    const size = (TEXT_CAP_BYTES + 1).toLocaleString('en-US');
    expect(json(await sb.lib(['file', 'get', 'big.txt', '-l', 'docs', '--json']))).toMatchObject({
      textNote: `text cut at the first 20 MiB; the file has ${size} bytes`,
    });
  });

  it('file text prints the first 20 MiB of text over the cap, and says on stderr that it cut it', async () => {
    const r = await sb.run(['file', 'text', 'big.txt', '-l', 'docs']);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(TEXT_CAP_BYTES);
    const size = (TEXT_CAP_BYTES + 1).toLocaleString('en-US');
    expect(r.stderr).toBe(`lib: note: text cut at the first 20 MiB; the file has ${size} bytes\n`);
  });

  it('file text --json carries the note, and the note is on stderr too', async () => {
    const r = await sb.run(['file', 'text', 'scan.pdf', '-l', 'docs', '--json']);
    expect(r).toMatchObject({ code: 0, stderr: `lib: note: ${SCANNED}\n` });
    expect(json(r.stdout)).toMatchObject({ name: 'scan.pdf', text: '', textNote: SCANNED });
  });

  it('whole text: null everywhere, and no note', async () => {
    expect(json(await sb.lib(['file', 'get', 'whole.md', '-l', 'docs', '--json']))).toMatchObject({ textNote: null });
    const r = await sb.run(['file', 'text', 'whole.md', '-l', 'docs', '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(json(r.stdout)).toMatchObject({ text: '# whole\n', textNote: null });
  });
});
