/**
 * The Mistral dialect: the 20 operations of Mistral's Libraries API (beta),
 * as specs/mistral-libraries.openapi.yaml defines them.
 */
import type { Handler } from '../context.js';
import type { Dialect } from '../dialects.js';
import { fastapiErrors } from '../fastapi/index.js';
import { Router } from '../router.js';
import { documentStatus, extractedTextSignedUrl, reprocess, signedUrl, textContent } from './content.js';
import { deleteDocument, getDocument, listDocuments, updateDocument, uploadDocument } from './documents.js';
import { createLibrary, deleteLibrary, getLibrary, listLibraries, updateLibrary } from './libraries.js';
import { deleteShare, listShares, putShare } from './shares.js';

const LIB = '/v1/libraries/{library_id}';
const DOC = `${LIB}/documents/{document_id}`;

export function mistralRouter(): Router<Handler> {
  return new Router<Handler>()
    .add('GET', '/v1/libraries', listLibraries)
    .add('POST', '/v1/libraries', createLibrary)
    .add('GET', LIB, getLibrary)
    .add('DELETE', LIB, deleteLibrary)
    .add('PATCH', LIB, updateLibrary)
    .add('PUT', LIB, updateLibrary) // deprecated twin of PATCH
    .add('GET', `${LIB}/documents`, listDocuments)
    .add('POST', `${LIB}/documents`, uploadDocument)
    .add('GET', DOC, getDocument)
    .add('PATCH', DOC, updateDocument)
    .add('PUT', DOC, updateDocument) // deprecated twin of PATCH
    .add('DELETE', DOC, deleteDocument)
    .add('GET', `${DOC}/text_content`, textContent)
    .add('GET', `${DOC}/status`, documentStatus)
    .add('GET', `${DOC}/signed-url`, signedUrl)
    .add('GET', `${DOC}/extracted-text-signed-url`, extractedTextSignedUrl)
    .add('POST', `${DOC}/reprocess`, reprocess)
    .add('GET', `${LIB}/share`, listShares)
    .add('PUT', `${LIB}/share`, putShare)
    .add('DELETE', `${LIB}/share`, deleteShare);
}

/**
 * Mistral's entry in the dialect table: FastAPI's {"detail"} errors, and a key
 * as Bearer (the spec's ApiKey scheme) or x-api-key (its DashboardUserContextAuth).
 */
export function mistralDialect(): Dialect {
  return {
    name: 'mistral',
    prefix: '/v1',
    basePath: '', // Mistral's clients put /v1 in their paths
    router: mistralRouter(),
    contentType: 'application/json',
    auth: { bearer: true, header: 'x-api-key' },
    ...fastapiErrors,
  };
}
