/**
 * Libraries on hal: the HAL collection (q, sort, start/total paging), the
 * flat list for resolving names, the library by id or natural id, create
 * (with a pre-generated id, so a retried create finds the first), update,
 * delete, the owner and sync.
 */
import { randomUUID } from 'node:crypto';
import { CancelError, FailedError, NotFoundError, UnsupportedError, UsageError } from '../../errors.js';
import { nfc, rawOf, type Library } from '../../model.js';
import { checked, checkedList } from '../shared/shape.js';
import { orNothing, resolveRef } from '../shared/resolve.js';
import type { LibraryCreateInput, LibraryListOptions, LibraryUpdateInput, SyncOptions } from '../types.js';
import { ACCEPT, libPath, type Ctx } from './context.js';
import { call, deleteCall } from './errors.js';
import { toLibrary } from './map.js';
import type { Collection, ListItemPayload, SyncPayload } from './payloads.js';

const SORTS = ['name', 'createdAt', 'updatedAt'];
/** hal's library types (drivers): local takes uploads, the cloud drives sync. */
const DRIVERS = ['local', 'google-drive', 'onedrive', 'sharepoint', 'dropbox'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The API's own largest page is 1000; 100 keeps answers small while --all follows start/total. */
const PAGE = 100;

function checkSort(sort: string | undefined): string | undefined {
  if (sort === undefined) return undefined;
  const field = sort.startsWith('-') ? sort.slice(1) : sort;
  if (!SORTS.includes(field)) {
    throw new UsageError(`the hal provider sorts libraries by ${SORTS.join(', ')} only, not "${field}"`, {
      hint: 'Prefix - for descending: --sort -updatedAt',
    });
  }
  return sort;
}

/** Follows start/total until `cap` items or the end; the first page's total goes to onTotal. */
export async function* pagesOf<T>(
  fetchPage: (start: number, limit: number) => Promise<Collection<unknown>>,
  key: string,
  map: (payload: unknown) => T,
  cap: number,
  onTotal?: (total: number) => void,
): AsyncGenerator<T> {
  let start = 0;
  let yielded = 0;
  for (;;) {
    const limit = Math.min(PAGE, cap - yielded);
    if (limit <= 0) return;
    const page = checked<Collection<unknown>>(await fetchPage(start, limit), `the ${key} collection`, {
      _embedded: 'object',
      start: 'number',
      count: 'number',
      total: 'number',
    });
    if (start === 0) onTotal?.(page.total);
    const items = checkedList(page._embedded[key], `the ${key} items`, (x) => x);
    for (const item of items) {
      yield map(item);
      if (++yielded >= cap) return;
    }
    start += items.length;
    if (items.length === 0 || start >= page.total) return;
  }
}

function capOf(opts: { limit?: number; all?: boolean }): number {
  return opts.all || opts.limit === undefined ? Number.POSITIVE_INFINITY : opts.limit;
}

export function libraryOps(ctx: Ctx) {
  /** Remembers what it read, so an upload can check the driver without another request. */
  const seen = (lib: Library): Library => {
    ctx.libraries.set(lib.id, lib);
    return lib;
  };
  const getLibrary = async (ref: string): Promise<Library> =>
    seen(
      toLibrary(
        await call(`library "${ref}"`, () =>
          ctx.http.request({ method: 'GET', path: libPath(ref), headers: ACCEPT }).then((r) => r.body),
        ),
      ),
    );

  const listAll = async (): Promise<ListItemPayload[]> => {
    const res = await call('libraries', () =>
      ctx.http.request<unknown>({ method: 'GET', path: '/api/libraries-list', headers: ACCEPT }),
    );
    return checkedList(res.body, 'the libraries list', (item) =>
      checked<ListItemPayload>(item, 'a libraries-list item', {
        id: 'string',
        name: 'string',
        naturalId: 'string',
        ownerId: 'string',
      }),
    );
  };

  return {
    async *listLibraries(opts: LibraryListOptions): AsyncGenerator<Library> {
      const sort = checkSort(opts.sort);
      yield* pagesOf(
        async (start, limit) =>
          (
            await call('libraries', () =>
              ctx.http.request<Collection<unknown>>({
                method: 'GET',
                path: '/api/libraries',
                query: { q: opts.search, sort, limit, start },
                headers: ACCEPT,
              }),
            )
          ).body,
        'inf:library',
        toLibrary,
        capOf(opts),
        opts.onTotal,
      );
    },

    /**
     * An id or a natural id (owner:slug) is one request (the API takes both);
     * a name or an id's start is one request to the flat list, then the library.
     */
    async resolveLibrary(ref: string): Promise<Library> {
      let list: Promise<ListItemPayload[]> | undefined;
      const flat = () => (list ??= listAll());
      const direct = (r: string) => orNothing(getLibrary(r));
      // One match is read in full; several only need telling apart (by natural id).
      const candidates = async (matches: ListItemPayload[]): Promise<Library[]> =>
        matches.length === 1
          ? [await getLibrary(matches[0]!.id)]
          : matches.map((m) => ({ id: m.id, name: m.name, naturalId: m.naturalId }) as Library);
      return resolveRef<Library>(ref, {
        what: 'library',
        byId: async (id) => (UUID.test(id) || id.includes(':') ? direct(id) : undefined),
        byName: async (name) => candidates((await flat()).filter((l) => nfc(l.name) === nfc(name))),
        byIdPrefix: async (prefix) => candidates((await flat()).filter((l) => l.id.startsWith(prefix.toLowerCase()))),
        describe: (l) => (l.naturalId ? `${l.naturalId} (${l.id})` : l.id),
        notFound: () => new NotFoundError(`library "${ref}" not found (hal, 404)`),
      });
    },

    async whoami(): Promise<{ user: { id: string; name: string } | null }> {
      const res = await call('the API key', () =>
        ctx.http.request({ method: 'GET', path: '/api/libraries', query: { limit: 1 }, headers: ACCEPT }),
      );
      // On hal a user is known by name: that is the owner id and what a share names.
      const name = res.headers['x-lib-user-name'];
      return { user: typeof name === 'string' ? { id: name, name } : null };
    },

    async createLibrary(input: LibraryCreateInput): Promise<Library> {
      if (input.chunkSize !== undefined)
        throw new UnsupportedError('the hal provider has no chunk size (--chunk-size)');
      if (input.type !== undefined && !DRIVERS.includes(input.type)) {
        throw new UsageError(`invalid --type "${input.type}": hal's drivers are ${DRIVERS.join(', ')}`);
      }
      // The id is made here: a create repeated after a lost answer finds the library the first one made.
      const id = randomUUID();
      const body = {
        id,
        name: nfc(input.name),
        type: input.type ?? 'local',
        description: input.description,
        shared: input.shared,
        data: input.data,
        clientId: input.clientId,
        clientSecret: input.clientSecret,
      };
      const recover = async () => {
        const found = await orNothing(getLibrary(id));
        return found ? rawOf(found) : undefined;
      };
      const res = await call(`library "${input.name}"`, () =>
        ctx.http.request<unknown>({ method: 'POST', path: '/api/libraries', json: body, headers: ACCEPT, recover }),
      );
      return seen(toLibrary(res.body));
    },

    async updateLibrary(libraryId: string, input: LibraryUpdateInput): Promise<Library> {
      const body = {
        name: input.name === undefined ? undefined : nfc(input.name),
        description: input.description,
        shared: input.shared,
        syncInterval: input.syncInterval,
      };
      const res = await call(
        `library "${libraryId}"`,
        () => ctx.http.request<unknown>({ method: 'PUT', path: libPath(libraryId), json: body, headers: ACCEPT }),
        'write',
      );
      return seen(toLibrary(res.body));
    },

    async deleteLibrary(libraryId: string): Promise<void> {
      await deleteCall(
        `library "${libraryId}"`,
        () => ctx.http.request({ method: 'DELETE', path: libPath(libraryId), expect: 'none', headers: ACCEPT }),
        'owner',
      );
      ctx.libraries.delete(libraryId);
    },

    async setOwner(libraryId: string, owner: string): Promise<Library> {
      await call(
        `library "${libraryId}"`,
        () =>
          ctx.http.request({
            method: 'PUT',
            path: `${libPath(libraryId)}/owner`,
            json: { ownerId: owner },
            headers: ACCEPT,
          }),
        'write',
      );
      // The library as it is now (its natural id follows the owner); the new owner may not let us read it.
      const after = await orNothing(getLibrary(libraryId));
      if (after) return after;
      const before = ctx.libraries.get(libraryId);
      if (!before) throw new FailedError(`library "${libraryId}" was handed to ${owner} and can no longer be read`);
      return { ...before, ownerId: owner, naturalId: null, permissions: null };
    },

    async syncLibrary(libraryId: string, opts: SyncOptions = {}): Promise<Library> {
      const before = ctx.libraries.get(libraryId) ?? (await getLibrary(libraryId));
      const subject = `library "${before.name}"`;
      const started = checked<SyncPayload>(
        (
          await call(
            subject,
            () => ctx.http.request<unknown>({ method: 'POST', path: `${libPath(libraryId)}/_sync`, headers: ACCEPT }),
            'write',
          )
        ).body,
        'the hal sync',
        { state: 'string', syncedAt: 'string?', error: 'string?' },
      );
      if (!opts.wait) return getLibrary(libraryId);
      // Until the sync is over and syncedAt has moved past where it was.
      let state = started;
      for (let attempt = 0; ; attempt++) {
        if (state.state === 'failed')
          throw new FailedError(`sync of ${subject} failed: ${state.error ?? 'no reason given'}`);
        if (state.state === 'succeeded' && state.syncedAt && state.syncedAt !== before.syncedAt) break;
        opts.onProgress?.(state.state);
        if (opts.deadline !== undefined && ctx.http.clock.now() > opts.deadline) {
          throw new FailedError(`sync of ${subject} still ${state.state} after the timeout`);
        }
        try {
          await ctx.http.clock.sleep(Math.min(1000, 100 * 2 ** Math.min(attempt, 4)), opts.signal);
        } catch {
          throw new CancelError('cancelled');
        }
        state = checked<SyncPayload>(
          await call(subject, () =>
            ctx.http
              .request<unknown>({ method: 'GET', path: `${libPath(libraryId)}/_sync`, headers: ACCEPT })
              .then((r) => r.body),
          ),
          'the hal sync',
          { state: 'string', syncedAt: 'string?', error: 'string?' },
        );
      }
      return getLibrary(libraryId);
    },
  };
}
