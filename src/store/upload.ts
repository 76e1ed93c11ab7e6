/**
 * Putting a file: the content is streamed to a temp blob and its text
 * extracted first (slow, no lock held); then one short write transaction
 * checks for a conflict or a duplicate, promotes the blob and writes the row
 * and its FTS text.
 *
 * Overwrite keeps the file's id and createdAt (so ids users hold stay valid);
 * everything else (content, labels, public URL, attributes, processing) is
 * the new upload's, as if the old file had been deleted first.
 */
import { randomUUID } from 'node:crypto';
import { StoreInvalidError, StoreNotFoundError } from './errors.js';
import { isoNow, write, type Ctx } from './context.js';
import {
  conflictAt,
  fileAt,
  FILE_SELECT,
  getFile,
  nowParam,
  requireFile,
  toFileRow,
  touchLibrary,
  type RawFile,
} from './files.js';
import { collectBlobs, sweepLeftovers } from './gc.js';
import { requireLibrary } from './libraries.js';
import { DEFAULT_MIME_TYPE, extensionOf, mimeTypeFor } from '../mime.js';
import { checkFileName, checkLabels, checkPath } from './names.js';
import { processingWindow } from './status.js';
import { extractText } from './text.js';
import type { FileRow, PutFileInput, PutFileResult, PutOutcome } from './types.js';

function checkProcessingMs(ms: number | undefined): void {
  if (ms !== undefined && !(Number.isFinite(ms) && ms >= 0))
    throw new StoreInvalidError(`invalid processing time ${ms}`);
}

function firstWithHash(ctx: Ctx, libraryId: string, hash: string): FileRow | undefined {
  const sql = `${FILE_SELECT} WHERE f.library_id = :libraryId AND f.hash = :hash ORDER BY f.seq LIMIT 1`;
  const raw = ctx.db.prepare(sql).get({ libraryId, hash, ...nowParam(ctx) }) as RawFile | undefined;
  return raw && toFileRow(raw);
}

export async function putFile(ctx: Ctx, input: PutFileInput): Promise<PutFileResult> {
  const name = checkFileName(input.name);
  const path = checkPath(input.path ?? '');
  const labels = checkLabels(input.labels ?? []);
  checkProcessingMs(input.processingMs);
  requireLibrary(ctx, input.libraryId); // fail before streaming a large body for nothing

  const blob = await ctx.blobs.writeTemp(input.content, input.signal);
  let promoted = false;
  let replacedHash: string | undefined;
  let result: { id: string; outcome: PutOutcome };
  try {
    // Clients (and vendors' SDKs) often send octet-stream for md, docx, ...: the name knows better.
    const mimeType = input.mimeType && input.mimeType !== DEFAULT_MIME_TYPE ? input.mimeType : mimeTypeFor(name);
    const extracted = await extractText(blob.tmpPath, name, mimeType, blob.bytes);
    const text = extracted.text;
    input.signal?.throwIfAborted();
    result = write(ctx, () => {
      const lib = requireLibrary(ctx, input.libraryId);
      if (input.dedupeByHash) {
        const same = firstWithHash(ctx, lib.id, blob.hash);
        if (same) return { id: same.id, outcome: 'unchanged' as const };
      }
      const existing = fileAt(ctx, lib.id, path, name);
      if (existing && !input.overwrite) throw conflictAt(lib.name, path, name);

      ctx.blobs.promote(blob);
      promoted = true;
      const now = isoNow(ctx);
      const window = processingWindow(ctx.now(), input.processingMs);
      const values = {
        id: existing?.id ?? randomUUID(),
        libraryId: lib.id,
        name,
        path,
        // Replacing a file keeps what describes it (labels, public URL, attributes)
        // unless the new upload gives its own: new content, same catalogue entry.
        labels: JSON.stringify(input.labels !== undefined ? labels : (existing?.labels ?? [])),
        publicUrl: input.publicUrl ?? existing?.publicUrl ?? null,
        attributes: JSON.stringify(input.attributes ?? existing?.attributes ?? {}),
        mimeType,
        extension: extensionOf(name),
        size: blob.size,
        hash: blob.hash,
        summary: input.summary ?? null,
        pages: input.pages ?? extracted.pages,
        textNote: extracted.note,
        uploadedBy: input.uploadedBy ?? null,
        startedAt: window.startedAt,
        doneAt: window.doneAt,
        now,
      };
      if (existing) {
        replacedHash = existing.hash;
        ctx.db
          .prepare(
            `UPDATE files SET labels = :labels, public_url = :publicUrl, attributes = :attributes, mime_type = :mimeType,
             extension = :extension, size = :size, hash = :hash, summary = :summary, pages = :pages, text_note = :textNote,
             uploaded_by = :uploadedBy, processing_started_at = :startedAt, processing_done_at = :doneAt,
             error = NULL, updated_at = :now WHERE id = :id`,
          )
          .run(values);
        ctx.db
          .prepare(`UPDATE file_fts SET text = ? WHERE rowid = (SELECT seq FROM files WHERE id = ?)`)
          .run(text, values.id);
        touchLibrary(ctx, lib.id);
        return { id: values.id, outcome: 'replaced' as const };
      }
      const { seq } = ctx.db
        .prepare(
          `INSERT INTO files (id, library_id, name, path, labels, public_url, attributes, mime_type, extension, size, hash,
             summary, pages, text_note, uploaded_by, processing_started_at, processing_done_at, created_at, updated_at)
           VALUES (:id, :libraryId, :name, :path, :labels, :publicUrl, :attributes, :mimeType, :extension, :size, :hash,
             :summary, :pages, :textNote, :uploadedBy, :startedAt, :doneAt, :now, :now) RETURNING seq`,
        )
        .get(values) as { seq: number };
      ctx.db
        .prepare(`INSERT INTO file_fts (rowid, file_id, name, text) VALUES (?, ?, ?, ?)`)
        .run(seq, values.id, name, text);
      touchLibrary(ctx, lib.id);
      return { id: values.id, outcome: 'created' as const };
    });
  } catch (err) {
    // The row did not commit; the blob may now be referenced by nothing.
    if (promoted) collectBlobs(ctx, [blob.hash]);
    throw err;
  } finally {
    ctx.blobs.discard(blob.tmpPath); // the blob, if linked into place, stays
  }
  if (replacedHash && replacedHash !== blob.hash) collectBlobs(ctx, [replacedHash]);
  sweepLeftovers(ctx); // what other writers that were killed left (a readdir when nothing)
  return { file: getFile(ctx, result.id)!, outcome: result.outcome };
}

/** Restarts processing (new window, error cleared) and re-extracts the text from the blob. */
export async function reprocessFile(
  ctx: Ctx,
  id: string,
  opts: { processingMs?: number; libraryId?: string } = {},
): Promise<FileRow> {
  checkProcessingMs(opts.processingMs);
  const file = requireFile(ctx, id, opts.libraryId);
  let extracted: Awaited<ReturnType<typeof extractText>>;
  try {
    extracted = await extractText(ctx.blobs.pathFor(file.hash), file.name, file.mimeType);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new StoreNotFoundError(`file "${id}" not found`);
    throw err;
  }
  write(ctx, () => {
    requireFile(ctx, id, opts.libraryId);
    const window = processingWindow(ctx.now(), opts.processingMs);
    ctx.db
      .prepare(
        `UPDATE files SET processing_started_at = ?, processing_done_at = ?, error = NULL, text_note = ?, updated_at = ? WHERE id = ?`,
      )
      .run(window.startedAt, window.doneAt, extracted.note, isoNow(ctx), id);
    ctx.db
      .prepare(`UPDATE file_fts SET text = ? WHERE rowid = (SELECT seq FROM files WHERE id = ?)`)
      .run(extracted.text, id);
  });
  return getFile(ctx, id)!;
}
