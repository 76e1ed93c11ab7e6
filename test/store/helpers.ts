/** Temp data directories and small content helpers for the store's tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store, type StoreOptions } from '../../src/store/index.js';

export function tempDir(prefix = 'lib-store-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A settable clock: tests move time to watch derived status change. */
export function fakeClock(start = Date.parse('2025-01-01T00:00:00.000Z')) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export interface TempStore {
  store: Store;
  dir: string;
  cleanup: () => void;
}

/** A fresh store in a temp dir; cleanup closes it and removes the dir. */
export function tempStore(opts: StoreOptions = {}): TempStore {
  const { dir, cleanup } = tempDir();
  const store = openStore(join(dir, 'data'), opts);
  return {
    store,
    dir: join(dir, 'data'),
    cleanup: () => {
      store.close();
      cleanup();
    },
  };
}
