/**
 * The HAL dialect: seed 002's libraries API at /api (libraries, the flat
 * list, natural ids, owners) and what the seed only links to, designed here:
 * files, shares and sync. The whole dialect is written down in
 * specs/hal-libraries.openapi.yaml. Answers are application/hal+json; errors
 * are {status, error, message} (see errors.ts); the key comes as a Bearer token.
 */
import type { Handler } from '../context.js';
import type { Dialect } from '../dialects.js';
import { Router } from '../router.js';
import { fromStore, halError } from './errors.js';
import {
  createLibrary,
  deleteLibrary,
  getLibrary,
  getOwner,
  librariesList,
  listLibraries,
  putOwner,
  updateLibrary,
} from './libraries.js';
import { deleteFile, fileContent, getFile, listFiles, updateFile, uploadFile } from './files.js';
import { deleteShare, listShares, putShare } from './shares.js';
import { SyncRunner } from './sync.js';
import { getSync, startSync } from './sync-routes.js';

const LIB = '/api/libraries/{id}';
const FILE = `${LIB}/files/{fileId}`;

export function halRouter(runner: SyncRunner): Router<Handler> {
  return new Router<Handler>()
    .add('GET', '/api/libraries', listLibraries)
    .add('POST', '/api/libraries', createLibrary)
    .add('GET', '/api/libraries-list', librariesList)
    .add('GET', LIB, getLibrary)
    .add('PUT', LIB, updateLibrary)
    .add('DELETE', LIB, deleteLibrary)
    .add('GET', `${LIB}/owner`, getOwner)
    .add('PUT', `${LIB}/owner`, putOwner)
    .add('GET', `${LIB}/_sync`, (call) => getSync(call, runner))
    .add('POST', `${LIB}/_sync`, (call) => startSync(call, runner))
    .add('GET', `${LIB}/files`, listFiles)
    .add('POST', `${LIB}/files`, uploadFile)
    .add('GET', FILE, getFile)
    .add('PUT', FILE, updateFile)
    .add('DELETE', FILE, deleteFile)
    .add('GET', `${FILE}/content`, fileContent)
    .add('GET', `${LIB}/shares`, listShares)
    .add('PUT', `${LIB}/shares/{principalId}`, putShare)
    .add('DELETE', `${LIB}/shares/{principalId}`, deleteShare);
}

/** HAL's entry in the dialect table; its sync runner checks for due syncs while the server runs. */
export function halDialect(): Dialect {
  const runner = new SyncRunner();
  return {
    name: 'hal',
    prefix: '/api',
    basePath: '', // the provider puts /api in its paths
    router: halRouter(runner),
    contentType: 'application/hal+json',
    auth: { bearer: true },
    error: (status, message, headers) => halError(status, message, headers),
    storeError: (err) => fromStore(err),
    start: (env) => runner.schedule(env),
    settled: () => runner.settled(),
  };
}
