/**
 * A document's content and processing: text_content, status, signed-url,
 * extracted-text-signed-url, reprocess.
 *
 * Choices where Mistral is silent:
 * - The text is available as soon as the upload returns (it is extracted
 *   while storing), whatever process_status says; documents that are not
 *   text-like have the empty text.
 * - A text document is one page: page_start/page_end select it when the
 *   range covers page 1 (0 is taken as 1 too, for 0-based clients), else the
 *   text is empty.
 * - Signed URLs point back at this server (/files/...) and answer GET and
 *   HEAD without a key; the body is the URL as a JSON string, as the spec says.
 */
import { documentIn, libraryFor, type Need } from '../access.js';
import type { Call } from '../context.js';
import { Issues, pathUuid, storeCall } from '../fastapi/index.js';
import type { Reply } from '../http.js';
import { statusPayload } from './payloads.js';

function target(call: Call, need: Need, issues = new Issues()) {
  const libraryId = pathUuid(call.params, 'library_id', issues);
  const documentId = pathUuid(call.params, 'document_id', issues);
  issues.check();
  const lib = libraryFor(call, libraryId, need);
  return { lib, file: documentIn(call, lib, documentId) };
}

export async function textContent(call: Call): Promise<Reply> {
  const q = call.url.searchParams;
  const issues = new Issues();
  const start = q.has('page_start') ? issues.int(q.get('page_start'), ['query', 'page_start']) : undefined;
  const end = q.has('page_end') ? issues.int(q.get('page_end'), ['query', 'page_end']) : undefined;
  const { file } = target(call, 'read', issues);
  const coversPageOne = (start ?? 1) <= 1 && (end ?? 1) >= 0;
  const text = coversPageOne ? (call.env.store.getText(file.id) ?? '') : '';
  return { status: 200, json: { text } };
}

export async function documentStatus(call: Call): Promise<Reply> {
  return { status: 200, json: statusPayload(target(call, 'read').file) };
}

export async function signedUrl(call: Call): Promise<Reply> {
  const { file } = target(call, 'read');
  return { status: 200, json: call.env.signer.sign(call.baseUrl, call.dialect.name, file.id, 'raw') };
}

export async function extractedTextSignedUrl(call: Call): Promise<Reply> {
  const { file } = target(call, 'read');
  return { status: 200, json: call.env.signer.sign(call.baseUrl, call.dialect.name, file.id, 'text') };
}

/** Processing starts over (todo -> in_progress -> done again); 204 as the spec says. */
export async function reprocess(call: Call): Promise<Reply> {
  const { lib, file } = target(call, 'write');
  await storeCall(() =>
    call.env.store.reprocessFile(file.id, { processingMs: call.env.processingMs, libraryId: lib.id }),
  );
  return { status: 204 };
}
