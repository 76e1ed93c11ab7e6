/** Principals: who owns libraries and to whom they are shared (users of one org). */
import { randomUUID } from 'node:crypto';
import { StoreInvalidError } from './errors.js';
import { isoNow, write, type Ctx } from './context.js';
import type { PrincipalInput, PrincipalRow } from './types.js';

/** The principal that owns everything created through the local provider. */
export const LOCAL_PRINCIPAL = 'local';

const SELECT = `SELECT id, name, kind, org_id AS orgId, workspace_id AS workspaceId, created_at AS createdAt FROM principals`;

export function getPrincipal(ctx: Ctx, id: string): PrincipalRow | undefined {
  return ctx.db.prepare(`${SELECT} WHERE id = ?`).get(id) as PrincipalRow | undefined;
}

export function principalByName(ctx: Ctx, name: string): PrincipalRow | undefined {
  return ctx.db.prepare(`${SELECT} WHERE name = ?`).get(name) as PrincipalRow | undefined;
}

export function listPrincipals(ctx: Ctx): PrincipalRow[] {
  return ctx.db.prepare(`${SELECT} ORDER BY created_at, name`).all() as PrincipalRow[];
}

/**
 * The principal with this name, created if missing. Idempotent and safe when
 * several processes race (the name is unique; the first insert wins). An
 * existing principal keeps its id; its org and workspace are updated when given.
 */
export function ensurePrincipal(ctx: Ctx, input: PrincipalInput): PrincipalRow {
  if (!input.name?.trim()) throw new StoreInvalidError('a principal name cannot be empty');
  return write(ctx, () => {
    const existing = principalByName(ctx, input.name);
    if (!existing) {
      ctx.db
        .prepare(
          `INSERT INTO principals (id, name, kind, org_id, workspace_id, created_at) VALUES (?, ?, 'user', ?, ?, ?)`,
        )
        .run(input.id ?? randomUUID(), input.name, input.orgId ?? null, input.workspaceId ?? null, isoNow(ctx));
    } else if (input.orgId !== undefined || input.workspaceId !== undefined) {
      ctx.db
        .prepare(
          `UPDATE principals SET org_id = coalesce(?, org_id), workspace_id = coalesce(?, workspace_id) WHERE id = ?`,
        )
        .run(input.orgId ?? null, input.workspaceId ?? null, existing.id);
    }
    return principalByName(ctx, input.name)!;
  });
}
