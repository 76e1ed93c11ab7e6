/**
 * The account's one library and its files on AI21 Studio (seeds 001, 003):
 * list with the API's own filters (name, path prefix, status, label) and
 * offset/limit paging, upload (multipart: path, labels, publicUrl, then the
 * file), get, update (labels and public URL, which the API replaces: lib reads
 * the file first so nothing is lost), delete. Type and size limits are checked
 * before any byte is sent.
 */
import fs from 'node:fs';
import {
  ApiError,
  FailedError,
  LibError,
  NotFoundError,
  UnsupportedError,
  UsageError,
  ConflictError,
} from '../../errors.js';
import { fileForm, type HttpClient, type Query } from '../../http/index.js';
import { mergeLabels } from '../../labels.js';
import { extensionOf } from '../../mime.js';
import { nfc, rawOf, statusOfFile, type FileDoc, type FileStatus, type Library, type Status } from '../../model.js';
import { REGISTRY } from '../registry.js';
import { normalizePath } from '../shared/paths.js';
import { orNothing, resolveRef } from '../shared/resolve.js';
import { checked, checkedList } from '../shared/shape.js';
import type { FileListOptions, FileUpdateInput, LibraryListOptions, UploadInput, UploadResult } from '../types.js';
import { call, STILL_PROCESSING, translate, UNKNOWN_ID } from './errors.js';
import { LIBRARY_ID, LIBRARY_NAME, theLibrary, toFile } from './map.js';

const FILES = 'library/files';
const filePath = (id: string): string => `${FILES}/${encodeURIComponent(id)}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The most files one list request returns (seed 003). */
const PAGE = 1000;
const SORTS = ['name', 'createdAt', 'updatedAt', 'size'] as const;
/** How far the server's clock may be behind ours when judging "written since this upload began". */
const CLOCK_SKEW_MS = 60_000;
/** Each uniform status in AI21's words; the API filters by one word at a time. */
const WORDS: Record<Status, string[]> = {
  pending: ['DB_RECORD_CREATED', 'UPLOADED'],
  processing: ['PROCESSING'],
  ready: ['PROCESSED'],
  failed: ['UPLOAD_FAILED', 'PROCESSING_FAILED'],
};

/** AI21's path for a folder: "a/b" (as its docs upload), undefined at the root. */
const apiPath = (folder: string): string | undefined => folder.replace(/\/$/, '') || undefined;

/** Refuses, before any byte is sent, what AI21 does not take: other types, files over 5 MB. */
export function checkUpload(filePath: string, name: string): number {
  const limits = REGISTRY.ai21.uploads!;
  const ext = extensionOf(name);
  if (!ext || !limits.extensions.includes(ext)) {
    throw new UsageError(
      `${name}: AI21 takes ${limits.types} files only, not ${ext ? `.${ext}` : 'files without an extension'}`,
    );
  }
  let size: number;
  try {
    size = fs.statSync(filePath).size;
  } catch (err) {
    throw new UsageError(`cannot read ${filePath} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (size > limits.maxFileBytes) {
    throw new UsageError(`${name}: ${size} bytes is over AI21's limit of ${limits.maxFileBytes} bytes (5 MB) a file`);
  }
  return size;
}

function sameLibrary(libraryId: string): void {
  if (libraryId !== LIBRARY_ID)
    throw new NotFoundError(`library "${libraryId}" not found (ai21 has one library, ai21)`);
}

export function ai21Ops(http: HttpClient, pageSize = PAGE) {
  const getFile = async (fileId: string): Promise<FileDoc> =>
    toFile(await call(`file "${fileId}"`, () => http.getJson(filePath(fileId))));

  /** One listing with the API's filters, page by page (offset, limit). */
  async function* listing(filters: Query, size = pageSize): AsyncGenerator<FileDoc> {
    for (let offset = 0; ;) {
      const res = await call('files', () =>
        http.request<unknown>({ method: 'GET', path: FILES, query: { ...filters, offset, limit: size } }),
      );
      const page = checkedList(res.body, 'the ai21 file list', toFile);
      yield* page;
      if (page.length < size) return;
      offset += page.length;
    }
  }

  const all = async (filters: Query, keep: (f: FileDoc) => boolean = () => true): Promise<FileDoc[]> => {
    const out: FileDoc[] = [];
    for await (const f of listing(filters)) if (keep(f)) out.push(f);
    return out;
  };

  /** Files named `name` in exactly the folder `folder`. */
  const at = async (name: string, folder: string): Promise<FileDoc | undefined> =>
    (await all({ name: nfc(name), path: apiPath(folder) }, (f) => f.path === folder))[0];

  const library = async (): Promise<Library> => theLibrary(await all({}));

  const ops = {
    listLibraries(opts: LibraryListOptions): AsyncIterable<Library> {
      return (async function* () {
        const lib = await library();
        if (!opts.search || lib.name.toLowerCase().includes(opts.search.toLowerCase())) yield lib;
      })();
    },

    async resolveLibrary(ref: string): Promise<Library> {
      const r = nfc(ref).trim();
      if (r !== LIBRARY_ID && r.toLowerCase() !== LIBRARY_NAME.toLowerCase()) {
        throw new NotFoundError(`library "${ref}" not found: ai21 has one library, ${LIBRARY_ID} ("${LIBRARY_NAME}")`, {
          hint: '--library can be left out on ai21.',
        });
      }
      // Counted only where the library is shown (library list and get): resolving it costs no request.
      return theLibrary(null);
    },

    async uploadFile(libraryId: string, input: UploadInput): Promise<UploadResult> {
      sameLibrary(libraryId);
      if (input.attributes !== undefined) throw new UnsupportedError('the ai21 provider does not support attributes');
      const name = nfc(input.name);
      const size = checkUpload(input.filePath, name);
      const folder = normalizePath(input.path);
      let labels = input.labels;
      let publicUrl = input.publicUrl;
      // --overwrite: AI21 replaces nothing in place, so the old file goes first (its labels and URL carry over).
      const old = input.overwrite ? await at(name, folder) : undefined;
      if (old) {
        labels ??= old.labels;
        publicUrl ??= old.publicUrl ?? undefined;
        await ops.deleteFile(LIBRARY_ID, old.id);
      }
      try {
        const file = await send(name, folder, size, input, labels, publicUrl);
        return { file, outcome: old ? 'replaced' : 'created' };
      } catch (err) {
        if (!old || !(err instanceof LibError)) throw err;
        const lost = new LibError(
          `${name}: the old file (${old.id}) was deleted to replace it, but the new upload failed: ${err.message}`,
          { hint: 'Upload it again (without --overwrite: the old one is gone).', cause: err },
        );
        lost.exitCode = err.exitCode;
        throw lost;
      }
    },

    listFiles(libraryId: string, opts: FileListOptions): AsyncIterable<FileDoc> {
      sameLibrary(libraryId);
      const field = opts.sort?.replace(/^-/, '');
      if (field !== undefined && !(SORTS as readonly string[]).includes(field)) {
        throw new UsageError(`files sort by ${SORTS.join(', ')} only, not "${field}"`);
      }
      const cap = opts.all || opts.limit === undefined ? Number.POSITIVE_INFINITY : opts.limit;
      // --path names a folder (d1 is d1/ and below, not d10/): AI21's prefix filter, then the folder's bounds.
      const folder = normalizePath(opts.path);
      const search = opts.search?.toLowerCase();
      const keep = (f: FileDoc) =>
        (folder === '' || (f.path ?? '').startsWith(folder)) && (!search || f.name.toLowerCase().includes(search));
      const exact = folder === '' && !search;
      const filters: Query = { name: opts.name && nfc(opts.name), path: apiPath(folder), label: opts.label };
      const words = opts.status ? WORDS[opts.status] : [undefined];
      return (async function* () {
        const found: FileDoc[] = [];
        let yielded = 0;
        for (const status of words) {
          // Pages no larger than needed when nothing is filtered here (the default list asks for 51).
          const size =
            exact && !opts.sort && Number.isFinite(cap) ? Math.min(pageSize, Math.max(1, cap - yielded)) : pageSize;
          for await (const f of listing({ ...filters, status }, size)) {
            if (!keep(f)) continue;
            if (opts.sort) {
              found.push(f);
              continue;
            }
            yield f;
            if (++yielded >= cap) return;
          }
        }
        if (opts.sort) yield* sorted(found, opts.sort).slice(0, cap);
      })();
    },

    async resolveFile(libraryId: string, ref: string): Promise<FileDoc> {
      sameLibrary(libraryId);
      return resolveRef<FileDoc>(ref, {
        what: 'file',
        byId: async (id) => (UUID.test(id) ? orNothing(getFile(id.toLowerCase())) : undefined),
        byName: (name) => all({ name: nfc(name) }),
        byPath: (path, name) => at(name, normalizePath(path)),
        byIdPrefix: async (prefix) => all({}, (f) => f.id.startsWith(prefix.toLowerCase())),
        describe: (f) => `${f.id} (${f.path ?? ''}${f.name})`,
        notFound: () => new NotFoundError(`file "${ref}" not found (ai21)`),
      });
    },

    async updateFile(libraryId: string, fileId: string, input: FileUpdateInput): Promise<FileDoc> {
      sameLibrary(libraryId);
      if (input.name !== undefined) throw new UnsupportedError('the ai21 provider does not support renaming (--name)');
      if (input.attributes !== undefined) throw new UnsupportedError('the ai21 provider does not support attributes');
      // The API replaces what it is given; both fields go, from what is there, so nothing is lost.
      const current = await getFile(fileId);
      const body = {
        labels: mergeLabels(current.labels, input),
        // "" clears it (null would leave it as it is).
        publicUrl: input.publicUrl === undefined ? current.publicUrl : input.publicUrl,
      };
      await call(
        `file "${current.name}"`,
        () => http.request({ method: 'PUT', path: filePath(fileId), json: body, expect: 'none' }),
        'write',
      );
      return getFile(fileId);
    },

    async deleteFile(libraryId: string, fileId: string): Promise<void> {
      sameLibrary(libraryId);
      try {
        await http.request({ method: 'DELETE', path: filePath(fileId), expect: 'none' });
      } catch (err) {
        if (err instanceof ApiError && err.status === 422) {
          const detail = JSON.stringify(err.body ?? '');
          // A retry after a lost answer finds the file gone: the earlier attempt did the work.
          if (UNKNOWN_ID.test(detail) && err.attempt > 1) return;
          if (STILL_PROCESSING.test(detail)) {
            throw new ConflictError(`file "${fileId}" is still processing; AI21 cannot delete it yet (ai21, 422)`, {
              hint: `Wait until it is processed (lib file wait ${fileId}), then delete it.`,
            });
          }
        }
        throw translate(err, `file "${fileId}"`, 'write');
      }
    },

    async fileStatus(libraryId: string, fileId: string): Promise<FileStatus> {
      sameLibrary(libraryId);
      return statusOfFile(await getFile(fileId));
    },

    async whoami(): Promise<{ user: { id: string; name: string } | null }> {
      const res = await call('the API key', () => http.request({ method: 'GET', path: FILES, query: { limit: 1 } }));
      const id = res.headers['x-lib-user-id'];
      const name = res.headers['x-lib-user-name'];
      return { user: typeof id === 'string' ? { id, name: typeof name === 'string' ? name : id } : null };
    },
  };

  async function send(
    name: string,
    folder: string,
    size: number,
    input: UploadInput,
    labels: string[] | undefined,
    publicUrl: string | undefined,
  ): Promise<FileDoc> {
    const path = apiPath(folder);
    const fields: [string, string][] = [
      ...(path ? [['path', path] as [string, string]] : []),
      // One field per label, as AI21's SDKs send a list.
      ...(labels ?? []).map((l): [string, string] => ['labels', l]),
      ...(publicUrl ? [['publicUrl', publicUrl] as [string, string]] : []),
    ];
    // Not safe to repeat blindly (a second try meets "already exists"): after a reset or a 5xx,
    // a file of this name, folder and size written since the upload began is what the lost answer said.
    const began = http.clock.now() - CLOCK_SKEW_MS;
    const recover = async () => {
      const found = (await all({ name, path })).find(
        (f) => f.path === folder && f.size === size && Date.parse(f.createdAt ?? '') >= began,
      );
      return found ? rawOf(found) : undefined;
    };
    const res = await call(
      `file "${name}"`,
      () =>
        http.request<unknown>({
          method: 'POST',
          path: FILES,
          form: fileForm('file', input.filePath, name, undefined, fields),
          recover,
          signal: input.signal,
        }),
      'write',
    ).catch((err: unknown) => {
      if (err instanceof ConflictError) {
        err.hint = 'Pass --overwrite to replace it (AI21 deletes the old file, then takes the new one).';
      }
      throw err;
    });
    // A recovered answer is the file itself; the API's own is {"fileId"} (the npm SDK's type also names id).
    if (res.body && typeof res.body === 'object' && 'name' in res.body) return toFile(res.body);
    const answer = checked<{ fileId?: string; id?: string }>(res.body, 'the ai21 upload answer', {
      fileId: 'string?',
      id: 'string?',
    });
    const id = answer.fileId ?? answer.id;
    if (!id) throw new FailedError('unexpected answer from the server: the ai21 upload answer has no "fileId"');
    return getFile(id);
  }

  return ops;
}

function sorted(files: FileDoc[], sort: string): FileDoc[] {
  const desc = sort.startsWith('-');
  const field = sort.replace(/^-/, '') as (typeof SORTS)[number];
  const key = (f: FileDoc): string | number => (field === 'name' ? f.name.toLowerCase() : (f[field] ?? ''));
  return [...files].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return (x < y ? -1 : x > y ? 1 : 0) * (desc ? -1 : 1);
  });
}
