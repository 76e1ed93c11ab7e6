/**
 * Text from PDF and DOCX files, searchable and printed by `file text`; what is
 * cut or missing is said (a note on stderr), never silently empty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers.js';
import { docx, pdf } from '../fixtures/documents.js';

const sb = new Sandbox();
beforeAll(async () => {
  await sb.lib(['library', 'create', 'docs', '-q']);
});
afterAll(() => sb.cleanup());

describe('text extraction', () => {
  it('a PDF: its text, page by page, its page count, and full-text search finds it', async () => {
    sb.file('report.pdf', pdf(['Quarterly expenses rose', 'Travel budget frozen']));
    const up = JSON.parse(await sb.lib(['file', 'upload', 'report.pdf', '-l', 'docs', '--json']));
    expect(up.pages).toBe(2);
    const text = await sb.run(['file', 'text', 'report.pdf', '-l', 'docs']);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout).toBe('Quarterly expenses rose\n\nTravel budget frozen\n');
    const found = await sb.lib(['file', 'list', '-l', 'docs', '--search', 'budget', '-q']);
    expect(found.trim()).toBe(up.id);
  });

  it('a DOCX: its paragraphs', async () => {
    sb.file('memo.docx', docx(['Hello from Word', 'Second paragraph']));
    await sb.lib(['file', 'upload', 'memo.docx', '-l', 'docs', '-q']);
    const text = await sb.run(['file', 'text', 'memo.docx', '-l', 'docs']);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout).toBe('Hello from Word\n\nSecond paragraph\n');
  });

  it('a PDF with no text says so', async () => {
    sb.file('scan.pdf', pdf(['']));
    await sb.lib(['file', 'upload', 'scan.pdf', '-l', 'docs', '-q']);
    expect(await sb.run(['file', 'text', 'scan.pdf', '-l', 'docs'])).toMatchObject({
      code: 0,
      stdout: '',
      stderr: 'lib: note: no text found in this PDF (scanned pages need OCR, which lib does not do)\n',
    });
  });

  it('a broken PDF is stored, and says why it has no text', async () => {
    sb.file('broken.pdf', '%PDF-1.4 this is not really a pdf');
    await sb.lib(['file', 'upload', 'broken.pdf', '-l', 'docs', '-q']);
    const r = await sb.run(['file', 'text', 'broken.pdf', '-l', 'docs']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^lib: note: no text: the PDF could not be read \(.+\)\n$/);
  });

  it('a .pdf that is no PDF at all (no header in its first KiB) is stored, and says so', async () => {
    // 64 KiB of something else, the header only past the first 1024 bytes: pdf.js is not asked.
    sb.file('fake.pdf', Buffer.concat([Buffer.alloc(64 * 1024, 7), Buffer.from('%PDF-1.4\n')]));
    await sb.lib(['file', 'upload', 'fake.pdf', '-l', 'docs', '-q']);
    const r = await sb.run(['file', 'text', 'fake.pdf', '-l', 'docs']);
    expect(r).toMatchObject({
      code: 0,
      stdout: '',
      stderr: 'lib: note: no text: the PDF could not be read (no %PDF- header in its first 1024 bytes)\n',
    });
  });
});
