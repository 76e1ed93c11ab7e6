/**
 * Shares on hal (inf:library-shares): users and teams (`team:NAME`), with
 * accessLevel 1 (read, lib's viewer) or 2 (write, lib's editor). The owner is
 * not a share on hal; lib lists it first, as on every provider.
 */
import { UnsupportedError } from '../../errors.js';
import { withRaw, type Share, type ShareLevel } from '../../model.js';
import type { Principal } from '../types.js';
import { ACCEPT, libPath, type Ctx } from './context.js';
import { call, deleteCall } from './errors.js';
import { pagesOf } from './libraries.js';
import { LEVELS, toShare } from './map.js';
import type { Collection } from './payloads.js';

function principalId(p: Principal): string {
  if (p.type !== 'user') {
    throw new UnsupportedError(
      `the hal provider shares with users and teams (--user NAME or --user team:NAME), not a ${p.type}`,
    );
  }
  return p.id;
}

const sharePath = (libraryId: string, principal: string) =>
  `${libPath(libraryId)}/shares/${encodeURIComponent(principal)}`;

export function shareOps(ctx: Ctx) {
  return {
    async listShares(libraryId: string): Promise<Share[]> {
      const owner = await call(`library "${libraryId}"`, () =>
        ctx.http
          .request<{ ownerId?: unknown }>({ method: 'GET', path: `${libPath(libraryId)}/owner`, headers: ACCEPT })
          .then((r) => r.body),
      );
      const out: Share[] = [];
      if (typeof owner?.ownerId === 'string') {
        out.push(
          withRaw<Share>({ libraryId, principalType: 'user', principalId: owner.ownerId, level: 'owner' }, owner),
        );
      }
      for await (const share of pagesOf(
        async (start, limit) =>
          (
            await call(`the shares of library "${libraryId}"`, () =>
              ctx.http.request<Collection<unknown>>({
                method: 'GET',
                path: `${libPath(libraryId)}/shares`,
                query: { start, limit },
                headers: ACCEPT,
              }),
            )
          ).body,
        'inf:library-share',
        (p) => toShare(libraryId, p),
        Number.POSITIVE_INFINITY,
      )) {
        out.push(share);
      }
      return out;
    },

    async putShare(libraryId: string, principal: Principal, level: ShareLevel): Promise<Share> {
      const id = principalId(principal);
      const res = await call(
        `library "${libraryId}"`,
        () =>
          ctx.http.request<unknown>({
            method: 'PUT',
            path: sharePath(libraryId, id),
            json: { accessLevel: LEVELS[level] },
            headers: ACCEPT,
          }),
        'owner',
      );
      return toShare(libraryId, res.body);
    },

    async deleteShare(libraryId: string, principal: Principal): Promise<void> {
      const id = principalId(principal);
      await deleteCall(
        `the share of library "${libraryId}" with ${id}`,
        () => ctx.http.request({ method: 'DELETE', path: sharePath(libraryId, id), expect: 'none', headers: ACCEPT }),
        'owner',
      );
    },
  };
}
