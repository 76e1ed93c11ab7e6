/**
 * Slugs: a library's name as a URL-safe word, unique among its owner's
 * libraries, so `owner:slug` names one library (hal's natural ids). A slug is
 * made once, at creation, and stays when the library is renamed (a natural id
 * others saved keeps working); moving the library to an owner who already has
 * that slug gives it the next free one (`docs-2`).
 */
import type BetterSqlite3 from 'better-sqlite3';

const MAX_SLUG = 64;

export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/, '');
  return slug || 'library';
}

/** `base`, or base-2, base-3, ...: the first slug `ownerId` does not use (other than library `except`). */
export function freeSlug(db: BetterSqlite3.Database, ownerId: string, base: string, except?: string): string {
  const taken = db.prepare(`SELECT 1 FROM libraries WHERE owner_id = ? AND slug = ? AND id IS NOT ?`);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!taken.get(ownerId, candidate, except ?? null)) return candidate;
  }
}

export function backfillSlugs(db: BetterSqlite3.Database): void {
  const rows = db
    .prepare(`SELECT id, owner_id AS ownerId, name FROM libraries WHERE slug IS NULL ORDER BY created_at, id`)
    .all() as { id: string; ownerId: string; name: string }[];
  const set = db.prepare(`UPDATE libraries SET slug = ? WHERE id = ?`);
  for (const row of rows) set.run(freeSlug(db, row.ownerId, slugify(row.name)), row.id);
}
