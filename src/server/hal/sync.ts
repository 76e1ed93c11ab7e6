/**
 * Sync (`inf:sync`, `/api/libraries/{id}/_sync`), designed here in the seed's
 * style: POST starts a sync of a library whose driver supportsSync and answers
 * 202 with the Sync resource; GET answers the library's current or last sync.
 * One sync per library at a time (a POST during one answers that one). While
 * `lib serve` runs, libraries with a syncInterval sync themselves when that
 * many minutes have passed since their last sync (or last failed attempt),
 * checked every env.syncCheckMs on the store's clock.
 */
import type { LibraryRow } from '../../store/index.js';
import type { Env } from '../context.js';
import { folderState, syncFromFolder, type SyncCounts } from './drive.js';
import { driverOf } from './drivers.js';
import { libraryHref } from './payloads.js';

export type SyncStateWord = 'idle' | 'running' | 'succeeded' | 'failed';

export interface SyncState {
  state: SyncStateWord;
  startedAt: string | null;
  finishedAt: string | null;
  counts: SyncCounts | null;
  error: string | null;
  /** The store clock at the last attempt (for the scheduler's back-off after a failure). */
  attemptMs: number | null;
  running?: Promise<void>;
}

const IDLE: SyncState = {
  state: 'idle',
  startedAt: null,
  finishedAt: null,
  counts: null,
  error: null,
  attemptMs: null,
};

export class SyncRunner {
  private readonly states = new Map<string, SyncState>();

  stateOf(libraryId: string): SyncState {
    return this.states.get(libraryId) ?? IDLE;
  }

  /** Starts a sync unless one runs; the running or new state. Throws nothing: failures are recorded. */
  start(env: Env, lib: LibraryRow): SyncState {
    const current = this.states.get(lib.id);
    if (current?.state === 'running') return current;
    const nowMs = env.store.now();
    const state: SyncState = {
      state: 'running',
      startedAt: new Date(nowMs).toISOString(),
      finishedAt: null,
      counts: null,
      error: null,
      attemptMs: nowMs,
    };
    state.running = this.run(env, lib, state);
    this.states.set(lib.id, state);
    return state;
  }

  private async run(env: Env, lib: LibraryRow, state: SyncState): Promise<void> {
    try {
      const folder = folderState(env, lib);
      if (folder.kind !== 'ready')
        throw new Error(folder.kind === 'local' ? 'local libraries do not sync' : folder.reason);
      state.counts = await syncFromFolder(env, lib, folder.dir);
      const at = new Date(env.store.now()).toISOString();
      env.store.markSynced(lib.id, at);
      state.state = 'succeeded';
      state.finishedAt = at;
    } catch (err) {
      state.state = 'failed';
      state.error = err instanceof Error ? err.message : String(err);
      state.finishedAt = new Date(env.store.now()).toISOString();
    } finally {
      delete state.running;
    }
  }

  /** Starts the syncs that are due; what the periodic check calls. */
  startDue(env: Env): void {
    const now = env.store.now();
    for (const lib of env.store.librariesWithSyncInterval()) {
      if (!driverOf(lib.type).supportsSync || lib.syncInterval === null) continue;
      const state = this.stateOf(lib.id);
      if (state.state === 'running') continue;
      const last = Math.max(lib.syncedAt ? Date.parse(lib.syncedAt) : 0, state.attemptMs ?? 0);
      if (now - last >= lib.syncInterval * 60_000) this.start(env, lib);
    }
  }

  /** Waits for the running syncs (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.states.values()].map((s) => s.running));
  }

  /** Checks for due syncs every env.syncCheckMs; returns the stop function. */
  schedule(env: Env): () => void {
    if (!(env.syncCheckMs > 0)) return () => {};
    const timer = setInterval(() => {
      try {
        this.startDue(env);
      } catch {
        // a closed store at shutdown; the next tick (if any) tries again
      }
    }, env.syncCheckMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}

/** The Sync resource. */
export function syncPayload(lib: LibraryRow, s: SyncState) {
  const self = libraryHref(lib.id);
  return {
    _links: { self: { href: `${self}/_sync` }, 'inf:library': { href: self } },
    libraryId: lib.id,
    state: s.state,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    syncedAt: lib.syncedAt,
    added: s.counts?.added ?? 0,
    updated: s.counts?.updated ?? 0,
    removed: s.counts?.removed ?? 0,
    unchanged: s.counts?.unchanged ?? 0,
    skipped: s.counts?.skipped ?? 0,
    error: s.error,
  };
}
