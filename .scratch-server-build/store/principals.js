/** Principals: who owns libraries and to whom they are shared (users of one org). */
import { randomUUID } from 'node:crypto';
import { UsageError } from '../errors.js';
import { isoNow, write } from './context.js';
/** The principal that owns everything created through the local provider. */
export const LOCAL_PRINCIPAL = 'local';
const SELECT = `SELECT id, name, kind, org_id AS orgId, workspace_id AS workspaceId, created_at AS createdAt FROM principals`;
export function getPrincipal(ctx, id) {
    return ctx.db.prepare(`${SELECT} WHERE id = ?`).get(id);
}
export function principalByName(ctx, name) {
    return ctx.db.prepare(`${SELECT} WHERE name = ?`).get(name);
}
export function listPrincipals(ctx) {
    return ctx.db.prepare(`${SELECT} ORDER BY created_at, name`).all();
}
/**
 * The principal with this name, created if missing. Idempotent and safe when
 * several processes race (the name is unique; the first insert wins). An
 * existing principal keeps its id; its org and workspace are updated when given.
 */
export function ensurePrincipal(ctx, input) {
    if (!input.name?.trim())
        throw new UsageError('a principal name cannot be empty');
    return write(ctx, () => {
        const existing = principalByName(ctx, input.name);
        if (!existing) {
            ctx.db
                .prepare(`INSERT INTO principals (id, name, kind, org_id, workspace_id, created_at) VALUES (?, ?, 'user', ?, ?, ?)`)
                .run(input.id ?? randomUUID(), input.name, input.orgId ?? null, input.workspaceId ?? null, isoNow(ctx));
        }
        else if (input.orgId !== undefined || input.workspaceId !== undefined) {
            ctx.db
                .prepare(`UPDATE principals SET org_id = coalesce(?, org_id), workspace_id = coalesce(?, workspace_id) WHERE id = ?`)
                .run(input.orgId ?? null, input.workspaceId ?? null, existing.id);
        }
        return principalByName(ctx, input.name);
    });
}
//# sourceMappingURL=principals.js.map