import { libPath } from './context.js';
import { call } from './errors.js';
import { entityType, shareEnum, toShare } from './map.js';
export function shareOps(ctx) {
    const path = (libraryId) => `${libPath(libraryId)}/share`;
    const subject = (libraryId, p) => `share of library "${libraryId}" with ${p.type} "${p.id}"`;
    return {
        async listShares(libraryId) {
            const res = await call(`library "${libraryId}"`, () => ctx.http.getJson(path(libraryId)));
            return (res.data ?? []).map((s) => toShare(s, libraryId));
        },
        async putShare(libraryId, principal, level) {
            // org_id is deprecated and not sent: the server takes the organization from the key.
            const body = {
                level: shareEnum(level),
                share_with_uuid: principal.id,
                share_with_type: entityType(principal.type),
            };
            const res = await call(subject(libraryId, principal), () => ctx.http.sendJson('PUT', path(libraryId), body));
            return toShare(res.body, libraryId);
        },
        async deleteShare(libraryId, principal) {
            // No `level`: the spec's SharingDelete requires one it never defines; the official SDKs send none.
            const body = { share_with_uuid: principal.id, share_with_type: entityType(principal.type) };
            await call(subject(libraryId, principal), () => ctx.http.request({ method: 'DELETE', path: path(libraryId), json: body, expect: 'none' }));
        },
    };
}
//# sourceMappingURL=shares.js.map