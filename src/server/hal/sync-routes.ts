/** GET and POST /api/libraries/{id}/_sync (see sync.ts for the design). */
import type { Call } from '../context.js';
import type { Reply } from '../http.js';
import { libraryFor } from './access.js';
import { folderState } from './drive.js';
import { driverOf } from './drivers.js';
import { halError } from './errors.js';
import { syncPayload, type SyncRunner } from './sync.js';

export async function getSync(call: Call, runner: SyncRunner): Promise<Reply> {
  const { lib } = libraryFor(call, call.params.id!, 'read');
  return { status: 200, json: syncPayload(lib, runner.stateOf(lib.id)) };
}

/** 202 with the sync started (or running); 409 for a driver without sync or a drive folder not there. */
export async function startSync(call: Call, runner: SyncRunner): Promise<Reply> {
  const { lib } = libraryFor(call, call.params.id!, 'write');
  const driver = driverOf(lib.type);
  if (!driver.supportsSync) throw halError(409, `a ${driver.name} library does not sync; its files are uploaded`);
  const folder = folderState(call.env, lib);
  if (folder.kind === 'unbacked' || folder.kind === 'missing') throw halError(409, `cannot sync: ${folder.reason}`);
  const state = runner.start(call.env, lib);
  return {
    status: 202,
    json: syncPayload(lib, state),
    headers: { location: `/api/libraries/${lib.id}/_sync` },
  };
}
