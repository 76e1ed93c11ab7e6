/**
 * Who may call the server: each token is a principal (a user) of one
 * organization and one workspace. Users, the organization and the workspace
 * keep their ids across restarts of the same data directory, because they
 * live in the store: a user by name (ensurePrincipal keeps an existing id),
 * the organization and workspace as the ids the earlier principals carry.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { UsageError } from '../errors.js';
import { LOCAL_PRINCIPAL, type Store } from '../store/index.js';

export interface Principal {
  name: string;
  userId: string;
  token: string;
  /** The token was made here (no --token given) and must be shown once. */
  generated: boolean;
}

export interface Organization {
  orgId: string;
  workspaceId: string;
  principals: Principal[];
}

/**
 * The principal made when no token is given: `local`, the store's own user,
 * who owns what `lib` made on this machine. So `lib serve` with no flags serves
 * your own libraries; `--token local=SECRET` names that user's token yourself.
 */
export const DEFAULT_PRINCIPAL = LOCAL_PRINCIPAL;

export function setUpPrincipals(
  store: Store,
  tokens: { name: string; secret: string }[],
  teams: { name: string; members: string[] }[] = [],
): Organization {
  const known = store.listPrincipals();
  const orgId = known.find((p) => p.orgId)?.orgId ?? randomUUID();
  const workspaceId = known.find((p) => p.workspaceId)?.workspaceId ?? randomUUID();
  const given = tokens.length > 0;
  const list = given ? tokens : [{ name: DEFAULT_PRINCIPAL, secret: `lib_${randomBytes(24).toString('base64url')}` }];
  const principals = list.map(({ name, secret }) => {
    const row = store.ensurePrincipal({ name, orgId, workspaceId });
    return { name, userId: row.id, token: secret, generated: !given };
  });
  // A team is a principal its members act for; members are named by their token names.
  for (const team of teams) {
    const ids = team.members.map((member) => {
      const p = principals.find((x) => x.name === member);
      if (!p) throw new UsageError(`team ${team.name}: ${member} is not a principal (give it a --token)`);
      return p.userId;
    });
    store.ensureTeam(team.name, ids, orgId);
  }
  return { orgId, workspaceId, principals };
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * Finds the caller from the places the dialect's scheme names:
 * `Authorization: Bearer <token>` and/or a key header (Mistral's x-api-key),
 * and nowhere else. Digests of equal length compared in constant time, so
 * timing tells nothing about a key.
 */
export function authenticator(
  principals: Principal[],
): (req: IncomingMessage, scheme: { bearer: boolean; header?: string }) => Principal | undefined {
  const known = principals.map((p) => ({ p, d: digest(p.token) }));
  return (req, scheme) => {
    const auth = req.headers.authorization;
    const bearer = scheme.bearer && typeof auth === 'string' ? /^\s*Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined;
    const header = scheme.header ? req.headers[scheme.header] : undefined;
    const token = bearer ?? (typeof header === 'string' ? header.trim() : undefined);
    if (!token) return undefined;
    const d = digest(token);
    let found: Principal | undefined;
    for (const k of known) if (timingSafeEqual(k.d, d)) found = k.p;
    return found;
  };
}
