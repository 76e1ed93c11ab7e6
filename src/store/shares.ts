/**
 * Sharing. The owner is not a share row (ownership lives on the library), but
 * is reported as a synthetic row with level 'owner' and cannot be shared to,
 * changed or removed.
 */
import { StoreForbiddenError, StoreInvalidError } from './errors.js';
import { PRINCIPAL_TYPES, SHARE_LEVELS, type PrincipalType, type ShareLevel } from '../model.js';
import { isoNow, write, type Ctx } from './context.js';
import { getLibrary, requireLibrary } from './libraries.js';
import { getPrincipal, teamsOf } from './principals.js';
import type { AccessLevel, ShareRow } from './types.js';

export interface SharePrincipal {
  type: PrincipalType;
  id: string;
}

const SELECT = `SELECT library_id AS libraryId, principal_type AS principalType, principal_id AS principalId, level,
  created_at AS createdAt FROM shares`;

function checkPrincipal(p: SharePrincipal): void {
  if (!PRINCIPAL_TYPES.includes(p.type))
    throw new StoreInvalidError(`invalid principal type "${p.type}"; use one of: ${PRINCIPAL_TYPES.join(', ')}`);
  if (!p.id?.trim()) throw new StoreInvalidError(`a ${p.type} id cannot be empty`);
}

function isOwner(ownerId: string, p: SharePrincipal): boolean {
  return p.type === 'user' && p.id === ownerId;
}

/** The owner first, then the shares (users, workspaces, orgs) in the order they were made. */
export function listShares(ctx: Ctx, libraryId: string): ShareRow[] {
  const lib = requireLibrary(ctx, libraryId);
  const owner: ShareRow = {
    libraryId,
    principalType: 'user',
    principalId: lib.ownerId,
    level: 'owner',
    createdAt: null,
  };
  // In the order they were made; shares made within one millisecond, in the order of their rows.
  const rows = ctx.db.prepare(`${SELECT} WHERE library_id = ? ORDER BY created_at, rowid`).all(libraryId) as ShareRow[];
  return [owner, ...rows];
}

/** Creates or changes a share (idempotent). */
export function putShare(ctx: Ctx, libraryId: string, principal: SharePrincipal, level: ShareLevel): ShareRow {
  checkPrincipal(principal);
  if (!SHARE_LEVELS.includes(level))
    throw new StoreInvalidError(`invalid level "${level}"; use one of: ${SHARE_LEVELS.join(', ')}`);
  return write(ctx, () => {
    const lib = requireLibrary(ctx, libraryId);
    if (isOwner(lib.ownerId, principal)) throw new StoreForbiddenError("the owner's own access cannot be changed");
    ctx.db
      .prepare(
        `INSERT INTO shares (library_id, principal_type, principal_id, level, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (library_id, principal_type, principal_id) DO UPDATE SET level = excluded.level`,
      )
      .run(libraryId, principal.type, principal.id, level, isoNow(ctx));
    return ctx.db
      .prepare(`${SELECT} WHERE library_id = ? AND principal_type = ? AND principal_id = ?`)
      .get(libraryId, principal.type, principal.id) as ShareRow;
  });
}

/** Removes a share; false when there was none. */
export function deleteShare(ctx: Ctx, libraryId: string, principal: SharePrincipal): boolean {
  checkPrincipal(principal);
  return write(ctx, () => {
    const lib = requireLibrary(ctx, libraryId);
    if (isOwner(lib.ownerId, principal)) throw new StoreForbiddenError("the owner's own access cannot be removed");
    const res = ctx.db
      .prepare(`DELETE FROM shares WHERE library_id = ? AND principal_type = ? AND principal_id = ?`)
      .run(libraryId, principal.type, principal.id);
    return res.changes > 0;
  });
}

/**
 * What a principal may do with a library: 'owner', else the highest share
 * level given to the user, its workspace or its org; null for none (or no
 * such library).
 */
export function accessLevel(ctx: Ctx, libraryId: string, principalId: string): AccessLevel | null {
  const lib = getLibrary(ctx, libraryId);
  if (!lib) return null;
  if (lib.ownerId === principalId) return 'owner';
  // A team's members act for it: as its owner where it owns, at its level where it is shared with.
  const teams = teamsOf(ctx, principalId);
  if (teams.includes(lib.ownerId)) return 'owner';
  const p = getPrincipal(ctx, principalId);
  const rows = ctx.db
    .prepare(
      `SELECT level FROM shares WHERE library_id = :libraryId AND (
        (principal_type = 'user' AND (principal_id = :user
          OR principal_id IN (SELECT team_id FROM team_members WHERE user_id = :user)))
        OR (principal_type = 'workspace' AND principal_id = :workspace)
        OR (principal_type = 'org' AND principal_id = :org))`,
    )
    .all({ libraryId, user: principalId, workspace: p?.workspaceId ?? null, org: p?.orgId ?? null }) as {
    level: ShareLevel;
  }[];
  if (rows.some((r) => r.level === 'editor')) return 'editor';
  return rows.length ? 'viewer' : null;
}
