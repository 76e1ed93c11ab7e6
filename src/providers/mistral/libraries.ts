/** Libraries: GET/POST /v1/libraries, GET/PATCH/DELETE /v1/libraries/{id}. */
import { FailedError, NotFoundError, UnsupportedError } from '../../errors.js';
import { nfc, rawOf, type Library } from '../../model.js';
import type { LibraryCreateInput, LibraryListOptions, LibraryUpdateInput } from '../types.js';
import { libPath, type Ctx } from './context.js';
import { call, deleteCall } from './errors.js';
import { capOf, comparator, parseSort, UUID } from './lists.js';
import { toLibrary } from './map.js';
import { checked } from '../shared/shape.js';
import { orNothing, resolveRef } from '../shared/resolve.js';
import type { LibraryPayload, ListLibrariesResponse } from './payloads.js';

/** How far the server's clock may be behind ours when judging "created since this call began". */
const CLOCK_SKEW_MS = 60_000;

const SORT_FIELDS = ['name', 'createdAt', 'updatedAt', 'documents', 'size'] as const;

/** Every library matching `search` (Mistral: case-insensitive, on the name), following page tokens. */
async function* pages(ctx: Ctx, search: string | undefined, pageSize: number): AsyncGenerator<Library> {
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await call('libraries', () =>
      ctx.http.getJson<ListLibrariesResponse>('/v1/libraries', { page_size: pageSize, page_token: token, search }),
    );
    const body = checked<ListLibrariesResponse>(page, 'the library list', {
      data: 'array',
      next_page_token: 'string?',
    });
    for (const payload of body.data) yield toLibrary(payload);
    token = page.next_page_token ?? undefined;
    // A server handing back a token it already gave would otherwise loop forever.
    if (token !== undefined && seen.has(token)) throw new FailedError('mistral repeated a page token; stopping');
    if (token !== undefined) seen.add(token);
  } while (token !== undefined);
}

export function libraryOps(ctx: Ctx) {
  return {
    async *listLibraries(opts: LibraryListOptions): AsyncGenerator<Library> {
      const cap = capOf(opts);
      // The API has no sort: sorting needs every page first; without one, pages stream and stop at the cap.
      const sort = opts.sort ? parseSort(opts.sort, SORT_FIELDS) : undefined;
      if (cap <= 0) return;
      if (sort) {
        const all: Library[] = [];
        for await (const library of pages(ctx, opts.search, 100)) all.push(library);
        yield* all.sort(comparator<Library, (typeof SORT_FIELDS)[number]>(sort)).slice(0, cap);
        return;
      }
      let count = 0;
      for await (const library of pages(ctx, opts.search, Math.min(100, cap))) {
        yield library;
        if (++count >= cap) return;
      }
    },

    async resolveLibrary(ref: string): Promise<Library> {
      return resolveRef<Library>(ref, {
        what: 'library',
        byId: async (id) =>
          UUID.test(id)
            ? orNothing(
                call(`library "${id}"`, async () => toLibrary(await ctx.http.getJson<LibraryPayload>(libPath(id)))),
              )
            : undefined,
        // Names are not unique on Mistral: narrow with the server's search, then match exactly.
        byName: async (name) => {
          const matches: Library[] = [];
          for await (const library of pages(ctx, name, 100)) if (nfc(library.name) === nfc(name)) matches.push(library);
          return matches;
        },
        // The API has no prefix search: the pages are read.
        byIdPrefix: async (prefix) => {
          const matches: Library[] = [];
          for await (const library of pages(ctx, undefined, 100)) {
            if (library.id.startsWith(prefix.toLowerCase())) matches.push(library);
          }
          return matches;
        },
        describe: (l) => `${l.id} (created ${l.createdAt ?? '?'})`,
        notFound: () => new NotFoundError(`library "${ref}" not found (mistral, 404)`),
      });
    },

    async whoami(): Promise<{ user: { id: string; name: string } | null }> {
      const res = await call('the API key', () =>
        ctx.http.request({ method: 'GET', path: '/v1/libraries', query: { page_size: 1 } }),
      );
      const id = res.headers['x-lib-user-id'];
      const name = res.headers['x-lib-user-name'];
      return { user: typeof id === 'string' ? { id, name: typeof name === 'string' ? name : id } : null };
    },

    async createLibrary(input: LibraryCreateInput): Promise<Library> {
      if (input.type !== undefined) throw new UnsupportedError('the mistral provider has no library types (--type)');
      if (input.data !== undefined) throw new UnsupportedError('the mistral provider does not accept --data');
      const body = { name: nfc(input.name), description: input.description, chunk_size: input.chunkSize };
      // A create is not safe to repeat blindly: after a reset or a 5xx the library may
      // exist already (names are not unique on Mistral). Before sending it again, look
      // for one with this name made since this call began; found, that is the answer.
      const began = ctx.http.clock.now() - CLOCK_SKEW_MS;
      const recover = async (): Promise<LibraryPayload | undefined> => {
        for await (const library of pages(ctx, input.name, 100)) {
          const created = Date.parse(library.createdAt ?? '');
          if (library.name === input.name && created >= began) return rawOf(library) as LibraryPayload;
        }
        return undefined;
      };
      const res = await call(`library "${input.name}"`, () =>
        ctx.http.sendJson<LibraryPayload>('POST', '/v1/libraries', body, { recover }),
      );
      return toLibrary(res.body);
    },

    async updateLibrary(libraryId: string, input: LibraryUpdateInput): Promise<Library> {
      if (input.syncInterval !== undefined) {
        throw new UnsupportedError('the mistral provider does not sync libraries (--sync-interval)');
      }
      const body = { name: input.name === undefined ? undefined : nfc(input.name), description: input.description };
      // PATCH sets fields to given values, so repeating it is harmless: retry it like PUT.
      const res = await call(
        `library "${libraryId}"`,
        () => ctx.http.sendJson<LibraryPayload>('PATCH', libPath(libraryId), body, { retryable: true }),
        'write',
      );
      return toLibrary(res.body);
    },

    async deleteLibrary(libraryId: string): Promise<void> {
      // 200 with the deleted library today, 204 later: both read as done.
      await deleteCall(
        `library "${libraryId}"`,
        () => ctx.http.request({ method: 'DELETE', path: libPath(libraryId), expect: 'none' }),
        'owner',
      );
    },
  };
}
