/**
 * Principals: who owns libraries and to whom they are shared (users of one
 * org), and teams: a principal named `team:NAME` whose members act for it
 * (they own what it owns and reach what is shared with it).
 */
import { randomUUID } from 'node:crypto';
import { StoreInvalidError } from './errors.js';
import { isoNow, write, type Ctx } from './context.js';
import type { PrincipalInput, PrincipalRow } from './types.js';

/** The principal that owns everything created through the local provider. */
export const LOCAL_PRINCIPAL = 'local';

/** A team's name starts with this; user names (lib serve's --token names) cannot hold a colon. */
export const TEAM_PREFIX = 'team:';

const SELECT = `SELECT id, name, CASE WHEN name LIKE 'team:%' THEN 'team' ELSE kind END AS kind,
  org_id AS orgId, workspace_id AS workspaceId, created_at AS createdAt FROM principals`;

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

/** The ids of the teams `userId` is a member of. */
export function teamsOf(ctx: Ctx, userId: string): string[] {
  return (
    ctx.db.prepare(`SELECT team_id AS id FROM team_members WHERE user_id = ? ORDER BY team_id`).all(userId) as {
      id: string;
    }[]
  ).map((r) => r.id);
}

/** The user ids of a team's members. */
export function membersOf(ctx: Ctx, teamId: string): string[] {
  return (
    ctx.db.prepare(`SELECT user_id AS id FROM team_members WHERE team_id = ? ORDER BY user_id`).all(teamId) as {
      id: string;
    }[]
  ).map((r) => r.id);
}

/**
 * The team `team:NAME` with exactly these members (user ids), created if
 * missing: lib serve sets its teams from its flags at each start.
 */
export function ensureTeam(ctx: Ctx, name: string, memberIds: readonly string[], orgId?: string | null): PrincipalRow {
  const full = name.startsWith(TEAM_PREFIX) ? name : `${TEAM_PREFIX}${name}`;
  if (full.length === TEAM_PREFIX.length) throw new StoreInvalidError('a team name cannot be empty');
  return write(ctx, () => {
    const team = ensurePrincipal(ctx, { name: full, orgId });
    ctx.db.prepare(`DELETE FROM team_members WHERE team_id = ?`).run(team.id);
    const add = ctx.db.prepare(`INSERT OR IGNORE INTO team_members (team_id, user_id) VALUES (?, ?)`);
    for (const member of memberIds) add.run(team.id, member);
    return team;
  });
}
