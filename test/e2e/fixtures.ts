/**
 * What the end-to-end tests set up behind the CLI's back, through the same
 * store the binary uses ($LIB_HOME/data): many rows at once (pagination),
 * states the local provider never produces by itself (pending, failed), and
 * libraries of other principals (as `lib serve` clients would make them).
 */
import path from 'node:path';
import { openStore, type Store } from '../../src/store/index.js';
import type { Sandbox } from '../helpers.js';

export function dataDir(sb: Sandbox): string {
  return path.join(sb.home, 'data');
}

export async function withStore<T>(sb: Sandbox, fn: (store: Store) => T | Promise<T>): Promise<T> {
  const store = openStore(dataDir(sb));
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}
