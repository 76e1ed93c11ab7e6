/**
 * Files on hal (inf:files): the collection with start/total paging, upload
 * (multipart; text fields before the file), get, update (name, labels: the
 * API replaces the set, so add/remove read the file first), delete, content.
 * Uploads go only where the library's driver supportsUpload: a sync-only
 * library is refused before any byte is sent.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { NotFoundError, UnsupportedError, UsageError } from '../../errors.js';
import { fileForm, type Query } from '../../http/index.js';
import { mergeLabels } from '../../labels.js';
import { nfc, rawOf, statusOfFile, type FileDoc, type FileStatus, type Library, type Status } from '../../model.js';
import { orNothing, resolveRef } from '../shared/resolve.js';
import { normalizePath, normalizePrefix } from '../shared/paths.js';
import type { Download, FileListOptions, FileUpdateInput, UploadInput, UploadResult } from '../types.js';
import { ACCEPT, filePath, libPath, type Ctx } from './context.js';
import { call, deleteCall } from './errors.js';
import { pagesOf } from './libraries.js';
import { toFile, toLibrary } from './map.js';
import type { Collection } from './payloads.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SORTS = ['name', 'createdAt', 'updatedAt', 'size'];
const WORDS: Record<Status, string> = { pending: 'queued', processing: 'indexing', ready: 'indexed', failed: 'failed' };
/** How far the server's clock may be behind ours when judging "written since this upload began". */
const CLOCK_SKEW_MS = 60_000;

function sha256Of(path: string): Promise<string> {
  return new Promise((ok, fail) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => hash.update(c))
      .on('end', () => ok(hash.digest('hex')))
      .on('error', (err: NodeJS.ErrnoException) =>
        fail(new UsageError(`cannot read ${path}${err.code ? ` (${err.code})` : ''}`, { cause: err })),
      );
  });
}

export function fileOps(ctx: Ctx) {
  const getFile = async (libraryId: string, fileId: string): Promise<FileDoc> =>
    toFile(
      await call(`file "${fileId}"`, () =>
        ctx.http.request({ method: 'GET', path: filePath(libraryId, fileId), headers: ACCEPT }).then((r) => r.body),
      ),
    );

  const list = (libraryId: string, query: Query, cap = Number.POSITIVE_INFINITY, onTotal?: (n: number) => void) =>
    pagesOf(
      async (start, limit) =>
        (
          await call('files', () =>
            ctx.http.request<Collection<unknown>>({
              method: 'GET',
              path: `${libPath(libraryId)}/files`,
              query: { ...query, limit, start },
              headers: ACCEPT,
            }),
          )
        ).body,
      'inf:file',
      toFile,
      cap,
      onTotal,
    );

  const all = async (libraryId: string, query: Query): Promise<FileDoc[]> => {
    const out: FileDoc[] = [];
    for await (const f of list(libraryId, query)) out.push(f);
    return out;
  };

  const libraryOf = async (libraryId: string): Promise<Library> => {
    const known = ctx.libraries.get(libraryId);
    if (known) return known;
    const lib = toLibrary(
      await call(`library "${libraryId}"`, () =>
        ctx.http.request({ method: 'GET', path: libPath(libraryId), headers: ACCEPT }).then((r) => r.body),
      ),
    );
    ctx.libraries.set(lib.id, lib);
    return lib;
  };

  return {
    async uploadFile(libraryId: string, input: UploadInput): Promise<UploadResult> {
      if (input.publicUrl !== undefined) throw new UnsupportedError('the hal provider does not keep public URLs');
      if (input.attributes !== undefined) throw new UnsupportedError('the hal provider does not keep attributes');
      const lib = await libraryOf(libraryId);
      if (lib.driver && !lib.driver.supportsUpload) throw syncOnly(lib);
      const path = normalizePath(input.path);
      const name = nfc(input.name);
      const fields: [string, string][] = [
        ...(path ? [['path', path] as [string, string]] : []),
        ...(input.labels ?? []).map((l): [string, string] => ['labels', l]),
      ];
      // Not safe to repeat blindly: after a reset or a 5xx, a file of this name, path and content
      // written since the upload began is what the lost answer would have described.
      const began = ctx.http.clock.now() - CLOCK_SKEW_MS;
      const hash = await sha256Of(input.filePath);
      const recover = async () => {
        const found = (await all(libraryId, { name, path: path || undefined })).find(
          (f) => f.path === path && f.hash === hash && Date.parse(f.updatedAt ?? '') >= began,
        );
        return found ? rawOf(found) : undefined;
      };
      const res = await call(
        `file "${name}"`,
        () =>
          ctx.http.request<unknown>({
            method: 'POST',
            path: `${libPath(libraryId)}/files`,
            query: { overwrite: input.overwrite ? 'true' : undefined },
            form: fileForm('file', input.filePath, name, undefined, fields),
            headers: ACCEPT,
            recover,
            signal: input.signal,
          }),
        'write',
      );
      const file = toFile(res.body);
      const outcome = res.status === 201 || file.createdAt === file.updatedAt ? 'created' : 'replaced';
      return { file, outcome };
    },

    listFiles(libraryId: string, opts: FileListOptions): AsyncIterable<FileDoc> {
      const field = opts.sort?.replace(/^-/, '');
      if (field !== undefined && !SORTS.includes(field)) {
        throw new UsageError(`the hal provider sorts files by ${SORTS.join(', ')} only, not "${field}"`);
      }
      const cap = opts.all || opts.limit === undefined ? Number.POSITIVE_INFINITY : opts.limit;
      return list(
        libraryId,
        {
          q: opts.search,
          name: opts.name,
          path: normalizePrefix(opts.path),
          label: opts.label,
          status: opts.status && WORDS[opts.status],
          sort: opts.sort,
        },
        cap,
        opts.onTotal,
      );
    },

    async resolveFile(libraryId: string, ref: string): Promise<FileDoc> {
      return resolveRef<FileDoc>(ref, {
        what: 'file',
        byId: async (id) => (UUID.test(id) ? orNothing(getFile(libraryId, id.toLowerCase())) : undefined),
        byName: (name) => all(libraryId, { name: nfc(name) }),
        byPath: async (path, name) => {
          const p = normalizePath(path);
          return (await all(libraryId, { name: nfc(name), path: p || undefined })).find((f) => f.path === p);
        },
        byIdPrefix: async (prefix) => (await all(libraryId, {})).filter((f) => f.id.startsWith(prefix.toLowerCase())),
        describe: (f) => `${f.id} (${f.path ?? ''}${f.name})`,
        notFound: () => new NotFoundError(`file "${ref}" not found (hal, 404)`),
      });
    },

    async updateFile(libraryId: string, fileId: string, input: FileUpdateInput): Promise<FileDoc> {
      if (input.publicUrl !== undefined) throw new UnsupportedError('the hal provider does not keep public URLs');
      if (input.attributes !== undefined) throw new UnsupportedError('the hal provider does not keep attributes');
      let labels = input.labels;
      if (input.addLabels || input.removeLabels) {
        // The API replaces the whole set: apply the change to what is there.
        labels = mergeLabels((await getFile(libraryId, fileId)).labels, input);
      }
      const body = { name: input.name === undefined ? undefined : nfc(input.name), labels };
      const res = await call(
        `file "${fileId}"`,
        () =>
          ctx.http.request<unknown>({ method: 'PUT', path: filePath(libraryId, fileId), json: body, headers: ACCEPT }),
        'write',
      );
      return toFile(res.body);
    },

    async deleteFile(libraryId: string, fileId: string): Promise<void> {
      await deleteCall(
        `file "${fileId}"`,
        () =>
          ctx.http.request({ method: 'DELETE', path: filePath(libraryId, fileId), expect: 'none', headers: ACCEPT }),
        'write',
      );
    },

    async downloadFile(libraryId: string, fileId: string, signal?: AbortSignal): Promise<Download> {
      const file = await getFile(libraryId, fileId);
      const res = await call(`file "${file.name}"`, () =>
        ctx.http.request<AsyncIterable<Uint8Array>>({
          method: 'GET',
          path: `${filePath(libraryId, fileId)}/content`,
          expect: 'stream',
          signal,
        }),
      );
      return { file, body: res.body };
    },

    async fileStatus(libraryId: string, fileId: string): Promise<FileStatus> {
      return statusOfFile(await getFile(libraryId, fileId));
    },
  };
}

/** One line: why a sync-only library takes no uploads, and what to do instead. */
export function syncOnly(lib: Library): UsageError {
  const driver = lib.driver?.name ?? lib.type ?? 'its';
  return new UsageError(
    `library "${lib.name}" is a ${driver} library: its files come only from sync, uploads are refused`,
    { hint: `Put the files in the drive folder, then: lib library sync ${lib.naturalId ?? lib.id} --wait` },
  );
}
