/**
 * AI21's error answers: FastAPI's {"detail": "..."} (AI21 Studio runs FastAPI),
 * and its habit of answering 422 where other APIs say 404 or 409: an unknown
 * file id, a duplicate name at the same path, a file still processing.
 */
import type { StoreError } from '../../store/index.js';
import { detailError } from '../fastapi/index.js';
import { HttpError } from '../http.js';

export function ai21Error(status: number, message: string, headers?: Record<string, string>): HttpError {
  return detailError(status, message, headers);
}

/** The store's errors as AI21 answers them: 422 for all but a refusal (403). */
export function fromStore(err: StoreError): HttpError {
  return detailError(err.kind === 'forbidden' ? 403 : 422, err.message);
}

export const notFound = (fileId: string): HttpError => detailError(422, `File ${fileId} not found`);

export function alreadyExists(name: string): HttpError {
  return new HttpError(422, {
    detail: `File: ${name} already exists`,
    suggestion: 'To override the file content, delete it first using the DELETE endpoint',
  });
}
