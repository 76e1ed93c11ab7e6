/**
 * /v1/libraries/{library_id}/share: list (GET), create or update (PUT),
 * delete (DELETE with a JSON body). Roles read Owner, Editor, Viewer; the
 * owner is listed first with role Owner.
 *
 * The rules, from Mistral's docs, are lib serve's for every dialect (see
 * ../access.ts): only the owner shares; an owner cannot change or delete
 * their own access; a non-owner may delete only their own user access (leave
 * a library); a library cannot be shared outside the organization. Choices
 * where Mistral is silent:
 * - Changing or deleting the owner's own access is 403 (a permission rule,
 *   like "only the owner shares"), with the docs' words as the detail.
 * - A share target that is not a user, the workspace or the organization of
 *   this server is 404 ("User ... not found in this organization"); a
 *   deprecated `org_id` naming another organization is 403.
 * - `level` in the delete body is ignored: the spec requires it but never
 *   defines it, and the official SDKs do not send it.
 */
import { PRINCIPAL_TYPES } from '../../model.js';
import { inOrganization, libraryFor, mayDeleteShare, mayPutShare, type ShareTarget } from '../access.js';
import type { Call } from '../context.js';
import { bodyObject, detailError, Issues, pathUuid, readJson, storeCall } from '../fastapi/index.js';
import type { Reply } from '../http.js';
import { entityWord, sharingPayload } from './payloads.js';

const ENTITY_WORDS = PRINCIPAL_TYPES.map(entityWord);

type Target = ShareTarget;

/** The body's share_with_type / share_with_uuid / org_id, validated. */
function parseTarget(body: Record<string, unknown>, issues: Issues): Target {
  if (body.share_with_uuid === undefined) issues.missing(['body', 'share_with_uuid'], body);
  if (body.share_with_type === undefined) issues.missing(['body', 'share_with_type'], body);
  const id = body.share_with_uuid === undefined ? '' : issues.uuid(body.share_with_uuid, ['body', 'share_with_uuid']);
  const word =
    body.share_with_type === undefined
      ? undefined
      : issues.literal(body.share_with_type, ENTITY_WORDS, ['body', 'share_with_type']);
  if (body.org_id != null) issues.uuid(body.org_id, ['body', 'org_id']);
  const type = PRINCIPAL_TYPES[ENTITY_WORDS.indexOf(word ?? '')] ?? 'user';
  return { type, id };
}

/** The deprecated `org_id` must be this organization; the target must belong to it. */
function checkInOrganization(call: Call, body: Record<string, unknown>, target: Target): void {
  if (body.org_id != null && String(body.org_id).toLowerCase() !== call.env.orgId) {
    throw detailError(403, 'A library cannot be shared outside of the organization');
  }
  if (!inOrganization(call.env, target)) {
    throw detailError(404, `${entityWord(target.type)} ${target.id} not found in this organization`);
  }
}

export async function listShares(call: Call): Promise<Reply> {
  const issues = new Issues();
  const id = pathUuid(call.params, 'library_id', issues);
  issues.check();
  const lib = libraryFor(call, id, 'read');
  const rows = call.env.store.listShares(lib.id);
  return { status: 200, json: { data: rows.map((s) => sharingPayload(s, call.env.orgId)) } };
}

export async function putShare(call: Call): Promise<Reply> {
  const issues = new Issues();
  const id = pathUuid(call.params, 'library_id', issues);
  const body = bodyObject(await readJson(call.req), issues);
  const target = parseTarget(body, issues);
  if (body.level === undefined) issues.missing(['body', 'level'], body);
  const level =
    body.level === undefined ? undefined : issues.literal(body.level, ['Viewer', 'Editor'], ['body', 'level']);
  issues.check();

  const lib = libraryFor(call, id, 'owner');
  mayPutShare(lib, target);
  checkInOrganization(call, body, target);
  const row = await storeCall(() => call.env.store.putShare(lib.id, target, level === 'Editor' ? 'editor' : 'viewer'));
  return { status: 200, json: sharingPayload(row, call.env.orgId) };
}

/** 200 with the deleted sharing (the spec's current answer; 204 is announced for later). */
export async function deleteShare(call: Call): Promise<Reply> {
  const issues = new Issues();
  const id = pathUuid(call.params, 'library_id', issues);
  const body = bodyObject(await readJson(call.req), issues);
  const target = parseTarget(body, issues);
  issues.check();

  const lib = libraryFor(call, id, 'read');
  mayDeleteShare(call, lib, target);
  const { store, orgId } = call.env;
  const row = store.listShares(lib.id).find((s) => s.principalType === target.type && s.principalId === target.id);
  if (!row || !store.deleteShare(lib.id, target)) throw detailError(404, 'Sharing not found');
  return { status: 200, json: sharingPayload(row, orgId) };
}
