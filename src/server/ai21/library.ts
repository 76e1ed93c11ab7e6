/**
 * AI21 Studio has one library per account, with no id of its own in the API.
 * Here each principal's account library is one library of the store, made on
 * its first upload (reads leave no trace), with an id derived from the principal's id: the same library on
 * every request and across restarts of the same data directory, whatever it
 * is named later through another dialect. Its files are ordinary store files,
 * so the local provider and the other dialects see them too.
 */
import { createHash } from 'node:crypto';
import type { LibraryRow } from '../../store/index.js';
import type { Call } from '../context.js';

export const ACCOUNT_LIBRARY_NAME = 'AI21 library';

/** AI21's documented limits: 5 MB a file, 1 GB for the whole library (lib serve's flags change them). */
export interface Ai21Limits {
  maxFileBytes: number;
  maxLibraryBytes: number;
}

export const DEFAULT_AI21_LIMITS: Ai21Limits = { maxFileBytes: 5 * 1024 * 1024, maxLibraryBytes: 1024 ** 3 };

/** A uuid (version 5 layout) from the principal's id. */
export function accountLibraryId(userId: string): string {
  const h = createHash('sha256').update(`ai21-account-library:${userId}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The caller's account library, if it was made: reads do not make it, so looking leaves no trace in the store. */
export function existingAccountLibrary(call: Call): LibraryRow | undefined {
  return call.env.store.getLibrary(accountLibraryId(call.caller.userId));
}

/** The caller's account library, made on first upload (two first uploads racing make it once). */
export function accountLibrary(call: Call): LibraryRow {
  const { store } = call.env;
  const id = accountLibraryId(call.caller.userId);
  const found = store.getLibrary(id);
  if (found) return found;
  // The owner may already have a library of that name (made elsewhere): the next free name.
  for (let n = 1; n <= 100; n++) {
    try {
      return store.createLibrary({
        id,
        ownerId: call.caller.userId,
        name: n === 1 ? ACCOUNT_LIBRARY_NAME : `${ACCOUNT_LIBRARY_NAME} ${n}`,
        description: `The AI21 Studio account library of ${call.caller.name}`,
      });
    } catch (err) {
      const raced = store.getLibrary(id);
      if (raced) return raced;
      if (!(err instanceof Error) || !/already exists/.test(err.message)) throw err;
    }
  }
  throw new Error('no free name for the AI21 account library');
}
