/** Libraries: create, read, list, update, delete (with its files and shares). */
import { randomUUID } from 'node:crypto';
import { StoreConflictError, StoreInvalidError, StoreNotFoundError } from './errors.js';
import { collectBlobs } from './gc.js';
import { isoNow, write, type Ctx } from './context.js';
import { checkLibraryName, nfc } from './names.js';
import { getPrincipal } from './principals.js';
import { freeSlug, slugify } from './slugs.js';
import { isUniqueViolation, limitOffset, orderBy, parseJson } from './sql.js';
import type { LibraryInput, LibraryPatch, LibraryQuery, LibraryRow } from './types.js';

const SELECT = `SELECT l.id, l.owner_id AS ownerId, l.name, l.description, l.chunk_size AS chunkSize, l.type,
  l.data, l.created_at AS createdAt, l.updated_at AS updatedAt,
  l.documents, l.size,
  (SELECT count(*) FROM shares s WHERE s.library_id = l.id) AS shareCount,
  l.slug, l.shared, l.sync_interval AS syncInterval, l.synced_at AS syncedAt, l.integration
  FROM libraries l`;

const SORTS: Record<string, string> = {
  name: 'l.name COLLATE NOCASE',
  createdAt: 'l.created_at',
  updatedAt: 'l.updated_at',
  size: 'size',
  documents: 'documents',
};

type Raw = Omit<LibraryRow, 'data' | 'shared' | 'integration'> & {
  data: string | null;
  shared: number;
  integration: string | null;
};

function toRow(raw: Raw): LibraryRow {
  return {
    ...raw,
    data: parseJson<Record<string, unknown> | null>(raw.data, null),
    shared: raw.shared === 1,
    integration: parseJson<Record<string, unknown> | null>(raw.integration, null),
  };
}

export function getLibrary(ctx: Ctx, id: string): LibraryRow | undefined {
  const raw = ctx.db.prepare(`${SELECT} WHERE l.id = ?`).get(id) as Raw | undefined;
  return raw && toRow(raw);
}

export function requireLibrary(ctx: Ctx, id: string): LibraryRow {
  const lib = getLibrary(ctx, id);
  if (!lib) throw new StoreNotFoundError(`library "${id}" not found`);
  return lib;
}

/** SQL (and its parameters) for "owned by or shared with this principal". */
function visibility(ctx: Ctx, principalId: string): { sql: string; params: Record<string, string | null> } {
  const p = getPrincipal(ctx, principalId);
  return {
    // A team's members act for it: what the team owns or is shared with, they see.
    sql: `(l.owner_id = :vUser OR l.owner_id IN (SELECT team_id FROM team_members WHERE user_id = :vUser)
      OR EXISTS (SELECT 1 FROM shares s WHERE s.library_id = l.id AND (
      (s.principal_type = 'user' AND (s.principal_id = :vUser
        OR s.principal_id IN (SELECT team_id FROM team_members WHERE user_id = :vUser)))
      OR (s.principal_type = 'workspace' AND s.principal_id = :vWorkspace)
      OR (s.principal_type = 'org' AND s.principal_id = :vOrg))))`,
    params: { vUser: principalId, vWorkspace: p?.workspaceId ?? null, vOrg: p?.orgId ?? null },
  };
}

function where(ctx: Ctx, q: LibraryQuery): { sql: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.search) {
    // instr, not LIKE: the user's % and _ stay literal.
    clauses.push(
      `(instr(lower(l.name), lower(:search)) > 0 OR instr(lower(coalesce(l.description, '')), lower(:search)) > 0)`,
    );
    params.search = q.search;
  }
  if (q.ownerId) {
    clauses.push('l.owner_id = :ownerId');
    params.ownerId = q.ownerId;
  }
  if (q.visibleTo) {
    const v = visibility(ctx, q.visibleTo);
    clauses.push(v.sql);
    Object.assign(params, v.params);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export function listLibraries(ctx: Ctx, q: LibraryQuery = {}): LibraryRow[] {
  const w = where(ctx, q);
  const sql = `${SELECT} ${w.sql} ${orderBy(q.sort, SORTS, 'name', 'l.id')} ${limitOffset(q.limit, q.offset)}`;
  return (ctx.db.prepare(sql).all(w.params) as Raw[]).map(toRow);
}

export function countLibraries(ctx: Ctx, q: LibraryQuery = {}): number {
  const w = where(ctx, q);
  return (ctx.db.prepare(`SELECT count(*) AS n FROM libraries l ${w.sql}`).get(w.params) as { n: number }).n;
}

/** Exact name, across owners (or only those visible to a principal), oldest first. */
export function findLibrariesByName(ctx: Ctx, name: string, opts: { visibleTo?: string } = {}): LibraryRow[] {
  const v = opts.visibleTo ? visibility(ctx, opts.visibleTo) : undefined;
  const sql = `${SELECT} WHERE l.name = :name ${v ? `AND ${v.sql}` : ''} ORDER BY l.created_at, l.id`;
  return (ctx.db.prepare(sql).all({ name: nfc(name), ...v?.params }) as Raw[]).map(toRow);
}

function alreadyExists(name: string): StoreConflictError {
  return new StoreConflictError(`library "${name}" already exists`);
}

function checkChunkSize(n: number | null | undefined): void {
  if (n !== undefined && n !== null && (!Number.isSafeInteger(n) || n <= 0)) {
    throw new StoreInvalidError(`invalid chunk size ${n}: expected a positive integer`);
  }
}

function checkSyncInterval(n: number | null | undefined): void {
  if (n !== undefined && n !== null && (!Number.isSafeInteger(n) || n < 1)) {
    throw new StoreInvalidError(`invalid sync interval ${n}: expected a whole number of minutes, at least 1`);
  }
}

export function createLibrary(ctx: Ctx, given: LibraryInput): LibraryRow {
  const input = { ...given, name: checkLibraryName(given.name) };
  checkChunkSize(input.chunkSize);
  checkSyncInterval(input.syncInterval);
  const id = input.id ?? randomUUID();
  const now = isoNow(ctx);
  try {
    write(ctx, () => {
      if (!getPrincipal(ctx, input.ownerId)) throw new StoreNotFoundError(`principal "${input.ownerId}" not found`);
      ctx.db
        .prepare(
          `INSERT INTO libraries (id, owner_id, name, description, chunk_size, type, data, created_at, updated_at,
             slug, shared, sync_interval, integration)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          input.ownerId,
          input.name,
          input.description ?? null,
          input.chunkSize ?? null,
          input.type ?? null,
          input.data == null ? null : JSON.stringify(input.data),
          now,
          now,
          freeSlug(ctx.db, input.ownerId, slugify(input.name)),
          input.shared ? 1 : 0,
          input.syncInterval ?? null,
          input.integration == null ? null : JSON.stringify(input.integration),
        );
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyExists(input.name);
    throw err;
  }
  return getLibrary(ctx, id)!;
}

export function updateLibrary(ctx: Ctx, id: string, patch: LibraryPatch): LibraryRow {
  if (patch.name !== undefined) patch = { ...patch, name: checkLibraryName(patch.name) };
  checkChunkSize(patch.chunkSize);
  checkSyncInterval(patch.syncInterval);
  const values: Record<string, unknown> = {
    name: patch.name,
    description: patch.description,
    chunk_size: patch.chunkSize,
    data: patch.data === undefined ? undefined : patch.data === null ? null : JSON.stringify(patch.data),
    owner_id: patch.ownerId,
    shared: patch.shared === undefined ? undefined : patch.shared ? 1 : 0,
    sync_interval: patch.syncInterval,
  };
  const columns = Object.keys(values).filter((c) => values[c] !== undefined);
  const sets = [...columns.map((c) => `${c} = :${c}`), 'updated_at = :now'].join(', ');
  const params = { ...Object.fromEntries(columns.map((c) => [c, values[c]])), id, now: isoNow(ctx) };
  let current: LibraryRow | undefined;
  try {
    write(ctx, () => {
      current = requireLibrary(ctx, id);
      if (patch.ownerId !== undefined && !getPrincipal(ctx, patch.ownerId)) {
        throw new StoreNotFoundError(`principal "${patch.ownerId}" not found`);
      }
      // The slug goes along to a new owner unless they already use it.
      const slug =
        patch.ownerId !== undefined && patch.ownerId !== current.ownerId
          ? freeSlug(ctx.db, patch.ownerId, current.slug, id)
          : current.slug;
      ctx.db.prepare(`UPDATE libraries SET ${sets}, slug = :slug WHERE id = :id`).run({ ...params, slug });
    });
  } catch (err) {
    // The (owner, name) pair is taken: by the new name, or by the new owner's library of the same name.
    if (isUniqueViolation(err)) throw alreadyExists(patch.name ?? current!.name);
    throw err;
  }
  return getLibrary(ctx, id)!;
}

/** Deletes the library, its files and shares in one transaction, then collects its blobs. */
export function deleteLibrary(ctx: Ctx, id: string): void {
  const hashes = write(ctx, () => {
    requireLibrary(ctx, id);
    const rows = ctx.db.prepare(`SELECT DISTINCT hash FROM files WHERE library_id = ?`).all(id) as { hash: string }[];
    // Files, their FTS rows (by trigger) and shares go by ON DELETE CASCADE.
    ctx.db.prepare(`DELETE FROM libraries WHERE id = ?`).run(id);
    return rows.map((r) => r.hash);
  });
  collectBlobs(ctx, hashes);
}

/** Libraries whose id starts with `prefix` (a range on the primary key, not a scan). */
export function findLibrariesByIdPrefix(ctx: Ctx, prefix: string, limit = 10): LibraryRow[] {
  const lo = prefix.toLowerCase();
  const sql = `${SELECT} WHERE l.id >= :lo AND l.id < :hi ORDER BY l.id LIMIT :limit`;
  return (ctx.db.prepare(sql).all({ lo, hi: `${lo}~`, limit }) as Raw[]).map(toRow);
}

/** Records a finished sync from the library's source (not a change of the library: updatedAt stays). */
export function markSynced(ctx: Ctx, id: string, at: string): LibraryRow {
  write(ctx, () => {
    requireLibrary(ctx, id);
    ctx.db.prepare(`UPDATE libraries SET synced_at = ? WHERE id = ?`).run(at, id);
  });
  return getLibrary(ctx, id)!;
}

/** The library `ownerId` has under `slug` (hal's natural id). */
export function libraryBySlug(ctx: Ctx, ownerId: string, slug: string): LibraryRow | undefined {
  const raw = ctx.db.prepare(`${SELECT} WHERE l.owner_id = ? AND l.slug = ?`).get(ownerId, slug) as Raw | undefined;
  return raw && toRow(raw);
}

/** Libraries with a sync interval, for the scheduler that syncs them while `lib serve` runs. */
export function librariesWithSyncInterval(ctx: Ctx): LibraryRow[] {
  return (ctx.db.prepare(`${SELECT} WHERE l.sync_interval IS NOT NULL ORDER BY l.id`).all() as Raw[]).map(toRow);
}
