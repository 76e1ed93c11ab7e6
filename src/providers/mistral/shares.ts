/** Sharing: GET/PUT/DELETE /v1/libraries/{id}/share. */
import type { Share, ShareLevel } from '../../model.js';
import type { Principal } from '../types.js';
import { libPath, type Ctx } from './context.js';
import { call } from './errors.js';
import { entityType, shareEnum, toShare } from './map.js';
import { checked } from '../shared/shape.js';
import type { ListSharingResponse, SharingDelete, SharingPayload, SharingRequest } from './payloads.js';

export function shareOps(ctx: Ctx) {
  const path = (libraryId: string) => `${libPath(libraryId)}/share`;
  const subject = (libraryId: string, p: Principal) => `share of library "${libraryId}" with ${p.type} "${p.id}"`;

  return {
    async listShares(libraryId: string): Promise<Share[]> {
      const res = await call(`library "${libraryId}"`, () => ctx.http.getJson<ListSharingResponse>(path(libraryId)));
      return checked<ListSharingResponse>(res, 'the share list', { data: 'array' }).data.map((s) =>
        toShare(s, libraryId),
      );
    },

    async putShare(libraryId: string, principal: Principal, level: ShareLevel): Promise<Share> {
      // org_id is deprecated and not sent: the server takes the organization from the key.
      const body: SharingRequest = {
        level: shareEnum(level),
        share_with_uuid: principal.id,
        share_with_type: entityType(principal.type),
      };
      const res = await call(
        subject(libraryId, principal),
        () => ctx.http.sendJson<SharingPayload>('PUT', path(libraryId), body),
        'owner',
      );
      return toShare(res.body, libraryId);
    },

    async deleteShare(libraryId: string, principal: Principal): Promise<void> {
      // No `level`: the spec's SharingDelete requires one it never defines; the official SDKs send none.
      const body: SharingDelete = { share_with_uuid: principal.id, share_with_type: entityType(principal.type) };
      await call(
        subject(libraryId, principal),
        () => ctx.http.request({ method: 'DELETE', path: path(libraryId), json: body, expect: 'none' }),
        'owner',
      );
    },
  };
}
