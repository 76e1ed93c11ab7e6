/**
 * A library's updatedAt follows its files: adding, replacing (--overwrite) and
 * removing a file moves it to the store's clock; a failed upload or a
 * delete that finds nothing does not. The clock is injected, nothing sleeps.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bytes, fakeClock, tempStore, type TempStore } from './helpers.js';

let t: TempStore;
afterEach(() => t?.cleanup());

describe("a library's updatedAt", () => {
  it('moves when a file is added, replaced or removed, and only then', async () => {
    const clock = fakeClock();
    t = tempStore({ now: clock.now });
    const { store } = t;
    const lib = store.createLibrary({ ownerId: store.localPrincipal().id, name: 'docs' });
    const other = store.createLibrary({ ownerId: store.localPrincipal().id, name: 'other' });
    const updatedAt = (id = lib.id) => store.getLibrary(id)!.updatedAt;
    expect(updatedAt()).toBe('2025-01-01T00:00:00.000Z');

    clock.advance(60_000);
    const { file } = await store.putFile({ libraryId: lib.id, name: 'a.md', content: bytes('a') });
    expect(updatedAt()).toBe('2025-01-01T00:01:00.000Z');
    expect(updatedAt(other.id)).toBe('2025-01-01T00:00:00.000Z');

    clock.advance(60_000);
    await store.putFile({ libraryId: lib.id, name: 'a.md', content: bytes('a2'), overwrite: true });
    expect(updatedAt()).toBe('2025-01-01T00:02:00.000Z');

    clock.advance(60_000);
    await expect(store.putFile({ libraryId: lib.id, name: 'a.md', content: bytes('a3') })).rejects.toThrow();
    expect(store.deleteFiles(['no-such-file'], lib.id)).toEqual([]);
    expect(updatedAt()).toBe('2025-01-01T00:02:00.000Z');

    clock.advance(60_000);
    expect(store.deleteFiles([file.id], lib.id)).toEqual([file.id]);
    expect(updatedAt()).toBe('2025-01-01T00:04:00.000Z');
  });
});
