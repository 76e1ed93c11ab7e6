/** Files: reads, filters, metadata updates and deletes. Uploads are in upload.ts. */
import { StoreConflictError, StoreInvalidError, StoreNotFoundError } from './errors.js';
import type { Status } from '../model.js';
import { mergeAttributes, mergeLabels } from '../labels.js';
import { isoNow, write, type Ctx } from './context.js';
import { collectBlobs } from './gc.js';
import { requireLibrary } from './libraries.js';
import { checkFileName, checkLabels, nfc } from './names.js';
import { ftsQuery, isUniqueViolation, limitOffset, orderBy, parseJson } from './sql.js';
import { STATUS_SQL } from './status.js';
import type { FilePatch, FileQuery, FileRow } from './types.js';

export const FILE_SELECT = `SELECT f.id, f.library_id AS libraryId, f.name, f.path, f.labels, f.public_url AS publicUrl,
  f.attributes, f.mime_type AS mimeType, f.extension, f.size, f.hash, f.summary, f.pages, f.uploaded_by AS uploadedBy,
  f.processing_started_at AS processingStartedAt, f.processing_done_at AS processingDoneAt, f.error,
  f.text_note AS textNote,
  f.created_at AS createdAt, f.updated_at AS updatedAt, ${STATUS_SQL} AS status
  FROM files f`;

const SORTS: Record<string, string> = {
  name: 'f.name COLLATE NOCASE',
  createdAt: 'f.created_at',
  updatedAt: 'f.updated_at',
  size: 'f.size',
};

const STATUSES: readonly Status[] = ['pending', 'processing', 'ready', 'failed'];

export type RawFile = Omit<FileRow, 'labels' | 'attributes'> & { labels: string; attributes: string };

export function toFileRow(raw: RawFile): FileRow {
  return {
    ...raw,
    labels: parseJson<string[]>(raw.labels, []),
    attributes: parseJson<Record<string, unknown>>(raw.attributes, {}),
  };
}

export function nowParam(ctx: Ctx): { now: string } {
  return { now: isoNow(ctx) };
}

export function getFile(ctx: Ctx, id: string): FileRow | undefined {
  const raw = ctx.db.prepare(`${FILE_SELECT} WHERE f.id = :id`).get({ id, ...nowParam(ctx) }) as RawFile | undefined;
  return raw && toFileRow(raw);
}

/** The file, which must belong to `libraryId` when given (a file id from another library is "not found"). */
export function requireFile(ctx: Ctx, id: string, libraryId?: string): FileRow {
  const file = getFile(ctx, id);
  if (!file || (libraryId !== undefined && file.libraryId !== libraryId))
    throw new StoreNotFoundError(`file "${id}" not found`);
  return file;
}

export function findFilesByName(ctx: Ctx, libraryId: string, name: string): FileRow[] {
  const sql = `${FILE_SELECT} WHERE f.library_id = :libraryId AND f.name = :name ORDER BY f.path, f.seq`;
  return (ctx.db.prepare(sql).all({ libraryId, name: nfc(name), ...nowParam(ctx) }) as RawFile[]).map(toFileRow);
}

/** The file at exactly (path, name) in the library. */
export function fileAt(ctx: Ctx, libraryId: string, path: string, name: string): FileRow | undefined {
  const sql = `${FILE_SELECT} WHERE f.library_id = :libraryId AND f.path = :path AND f.name = :name`;
  const raw = ctx.db.prepare(sql).get({ libraryId, path: nfc(path), name: nfc(name), ...nowParam(ctx) }) as
    RawFile | undefined;
  return raw && toFileRow(raw);
}

/** SQL matching json_each row `a` against a scalar, type included ("1" is not 1, true is not 1). */
function attributeMatch(value: unknown, i: number): string {
  if (typeof value === 'boolean') return `a.type = '${value}'`;
  if (typeof value === 'number' && Number.isFinite(value)) return `a.type IN ('integer', 'real') AND a.value = :av${i}`;
  if (typeof value === 'string') return `a.type = 'text' AND a.value = :av${i}`;
  throw new StoreInvalidError('an attribute filter value must be a string, a number or a boolean');
}

function where(libraryId: string, q: FileQuery): { sql: string; params: Record<string, unknown> } {
  const clauses = ['f.library_id = :libraryId'];
  const params: Record<string, unknown> = { libraryId };
  if (q.search) {
    // Full text over name and text, or a plain substring of the name (so "v2." or
    // "_draft" find names the tokenizer would split).
    const fts = ftsQuery(q.search);
    const byName = 'instr(lower(f.name), lower(:search)) > 0';
    clauses.push(fts ? `(f.seq IN (SELECT rowid FROM file_fts WHERE file_fts MATCH :fts) OR ${byName})` : byName);
    params.search = q.search;
    if (fts) params.fts = fts;
  }
  if (q.name !== undefined) {
    clauses.push('f.name = :name');
    params.name = q.name;
  }
  if (q.path !== undefined) {
    clauses.push('f.path = :path');
    params.path = q.path;
  }
  if (q.pathPrefix) {
    // substr, not LIKE: a literal, case-sensitive prefix whatever % or _ it holds.
    clauses.push('substr(f.path, 1, length(:prefix)) = :prefix');
    params.prefix = q.pathPrefix;
  }
  // One label or several; a file must carry every one.
  const labels = q.label === undefined ? [] : typeof q.label === 'string' ? [q.label] : q.label;
  labels.forEach((label, i) => {
    clauses.push(`EXISTS (SELECT 1 FROM json_each(f.labels) j WHERE j.value = :label${i})`);
    params[`label${i}`] = label;
  });
  Object.entries(q.attributes ?? {}).forEach(([key, value], i) => {
    clauses.push(
      `EXISTS (SELECT 1 FROM json_each(f.attributes) a WHERE a.key = :ak${i} AND ${attributeMatch(value, i)})`,
    );
    params[`ak${i}`] = key;
    if (typeof value !== 'boolean') params[`av${i}`] = value;
  });
  if (q.status !== undefined) {
    if (!STATUSES.includes(q.status))
      throw new StoreInvalidError(`invalid status "${q.status}"; use one of: ${STATUSES.join(', ')}`);
    clauses.push(`(${STATUS_SQL}) = :status`);
    params.status = q.status;
  }
  return { sql: `WHERE ${clauses.join(' AND ')}`, params };
}

export function listFiles(ctx: Ctx, libraryId: string, q: FileQuery = {}): FileRow[] {
  const w = where(libraryId, q);
  const sql = `${FILE_SELECT} ${w.sql} ${orderBy(q.sort, SORTS, 'createdAt', 'f.seq')} ${limitOffset(q.limit, q.offset)}`;
  return (ctx.db.prepare(sql).all({ ...w.params, ...nowParam(ctx) }) as RawFile[]).map(toFileRow);
}

export function countFiles(ctx: Ctx, libraryId: string, q: FileQuery = {}): number {
  const w = where(libraryId, q);
  // No filter: the library's counter (kept by triggers) instead of counting every row on every page.
  if (Object.keys(w.params).length === 1) {
    const row = ctx.db.prepare(`SELECT documents AS n FROM libraries WHERE id = ?`).get(libraryId) as
      { n: number } | undefined;
    return row?.n ?? 0;
  }
  const params = { ...w.params, ...nowParam(ctx) };
  return (ctx.db.prepare(`SELECT count(*) AS n FROM files f ${w.sql}`).get(params) as { n: number }).n;
}

export function conflictAt(libraryName: string, path: string, name: string): StoreConflictError {
  const at = path ? ` at path "${path}"` : '';
  return new StoreConflictError(`file "${name}" already exists in library "${libraryName}"${at}`);
}

function patchedLabels(current: string[], patch: FilePatch): string[] {
  return mergeLabels(current, {
    labels: patch.labels !== undefined ? checkLabels(patch.labels) : undefined,
    addLabels: patch.addLabels ? checkLabels(patch.addLabels) : undefined,
    removeLabels: patch.removeLabels,
  });
}

export function updateFile(ctx: Ctx, id: string, patch: FilePatch, libraryId?: string): FileRow {
  if (patch.name !== undefined) patch = { ...patch, name: checkFileName(patch.name) };
  let target: FileRow | undefined;
  try {
    write(ctx, () => {
      const file = requireFile(ctx, id, libraryId);
      target = file;
      ctx.db
        .prepare(
          `UPDATE files SET name = :name, labels = :labels, public_url = :publicUrl, attributes = :attributes,
           summary = :summary, updated_at = :now WHERE id = :id`,
        )
        .run({
          id,
          name: patch.name ?? file.name,
          labels: JSON.stringify(patchedLabels(file.labels, patch)),
          publicUrl: patch.publicUrl !== undefined ? patch.publicUrl : file.publicUrl,
          attributes: JSON.stringify(
            patch.attributes ? mergeAttributes(file.attributes, patch.attributes) : file.attributes,
          ),
          summary: patch.summary !== undefined ? patch.summary : file.summary,
          now: isoNow(ctx),
        });
    });
  } catch (err) {
    if (isUniqueViolation(err) && target) {
      throw conflictAt(requireLibrary(ctx, target.libraryId).name, target.path, patch.name!);
    }
    throw err;
  }
  return getFile(ctx, id)!;
}

/** Marks a file failed (error set) or clears the failure (null). For `lib serve`'s fault injection and tests. */
export function setFileError(ctx: Ctx, id: string, error: string | null): FileRow {
  write(ctx, () => {
    requireFile(ctx, id);
    ctx.db.prepare(`UPDATE files SET error = ?, updated_at = ? WHERE id = ?`).run(error, isoNow(ctx), id);
  });
  return getFile(ctx, id)!;
}

/** Deletes the files (all in one transaction), then collects their blobs. Returns the ids deleted. */
export function deleteFiles(ctx: Ctx, ids: readonly string[], libraryId?: string): string[] {
  const deleted: { id: string; hash: string }[] = write(ctx, () => {
    const gone: { id: string; hash: string }[] = [];
    const del = ctx.db.prepare(
      `DELETE FROM files WHERE id = ? ${libraryId !== undefined ? 'AND library_id = ?' : ''} RETURNING id, hash, library_id AS libraryId`,
    );
    const touched = new Set<string>();
    for (const id of new Set(ids)) {
      const row = (libraryId !== undefined ? del.get(id, libraryId) : del.get(id)) as
        { id: string; hash: string; libraryId: string } | undefined;
      if (row) {
        gone.push(row);
        touched.add(row.libraryId);
      }
    }
    // A library changes when its files do.
    for (const lib of touched) touchLibrary(ctx, lib);
    return gone;
  });
  collectBlobs(
    ctx,
    deleted.map((d) => d.hash),
  );
  return deleted.map((d) => d.id);
}

/** The extracted text; null for a file that is not text-like. */
export function getText(ctx: Ctx, id: string, libraryId?: string): string | null {
  requireFile(ctx, id, libraryId);
  const row = ctx.db
    .prepare(`SELECT t.text FROM file_fts t WHERE t.rowid = (SELECT seq FROM files WHERE id = ?)`)
    .get(id) as { text: string | null } | undefined;
  return row?.text ?? null;
}

/** The library's updatedAt moves whenever a file is added, replaced or removed. */
export function touchLibrary(ctx: Ctx, libraryId: string): void {
  ctx.db.prepare(`UPDATE libraries SET updated_at = ? WHERE id = ?`).run(isoNow(ctx), libraryId);
}

/** Files of the library whose id starts with `prefix` (a range on the id index, not a scan). */
export function findFilesByIdPrefix(ctx: Ctx, libraryId: string, prefix: string, limit = 10): FileRow[] {
  const sql = `${FILE_SELECT} WHERE f.id >= :lo AND f.id < :hi AND f.library_id = :libraryId ORDER BY f.id LIMIT :limit`;
  const lo = prefix.toLowerCase();
  return (ctx.db.prepare(sql).all({ lo, hi: `${lo}~`, libraryId, limit, ...nowParam(ctx) }) as RawFile[]).map(
    toFileRow,
  );
}
