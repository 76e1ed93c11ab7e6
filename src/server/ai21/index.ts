/**
 * The AI21 dialect: AI21 Studio's library files API (seeds 001 and 003) at
 * /studio/v1/library/files, over each principal's account library (one
 * library of the store, made on its first upload: library.ts). FastAPI's
 * {"detail"} errors, 422 where AI21 answers 422; the key as a Bearer token.
 */
import type { Handler } from '../context.js';
import type { Dialect } from '../dialects.js';
import { Router } from '../router.js';
import { ai21Error, fromStore } from './errors.js';
import { deleteFile, getFile, listFiles, updateFile, uploadFile } from './files.js';

const FILES = '/studio/v1/library/files';

export function ai21Router(): Router<Handler> {
  return new Router<Handler>()
    .add('GET', FILES, listFiles)
    .add('POST', FILES, uploadFile)
    .add('GET', `${FILES}/{fileId}`, getFile)
    .add('PUT', `${FILES}/{fileId}`, updateFile)
    .add('DELETE', `${FILES}/{fileId}`, deleteFile);
}

export function ai21Dialect(): Dialect {
  return {
    name: 'ai21',
    prefix: '/studio',
    basePath: '/studio/v1', // AI21's SDKs take a base URL that ends in /studio/v1
    router: ai21Router(),
    contentType: 'application/json',
    auth: { bearer: true },
    error: ai21Error,
    storeError: fromStore,
  };
}
