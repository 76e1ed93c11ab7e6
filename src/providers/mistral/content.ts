/** A document's content and processing: text, status, signed URLs, download, reprocess. */
import { checked } from '../shared/shape.js';
import { FailedError, UsageError } from '../../errors.js';
import type { FileStatus } from '../../model.js';
import type { Download, TextOptions } from '../types.js';
import { docPath, type Ctx } from './context.js';
import { getDocument } from './documents.js';
import { call } from './errors.js';
import { toFileStatus } from './map.js';
import type { ProcessingStatusPayload, TextContentPayload } from './payloads.js';

export function contentOps(ctx: Ctx) {
  async function signedUrl(libraryId: string, fileId: string, extracted: boolean): Promise<string> {
    const endpoint = extracted ? 'extracted-text-signed-url' : 'signed-url';
    // The body is a bare JSON string ("https://..."); accept an unquoted one from a lenient server too.
    const res = await call(`document "${fileId}"`, () =>
      ctx.http.request<string>({ method: 'GET', path: `${docPath(libraryId, fileId)}/${endpoint}`, expect: 'text' }),
    );
    let url: unknown = res.body.trim();
    try {
      url = JSON.parse(res.body);
    } catch {
      // not JSON: keep the text
    }
    if (typeof url !== 'string' || !url)
      throw new FailedError(`mistral returned no signed URL for document "${fileId}"`);
    return url;
  }

  return {
    async fileText(libraryId: string, fileId: string, opts: TextOptions): Promise<string> {
      const { fromPage, toPage } = opts;
      if (fromPage !== undefined && toPage !== undefined && fromPage > toPage) {
        throw new UsageError(`page range ${fromPage}-${toPage} is empty`);
      }
      // page_start / page_end carry the same 1-based, inclusive numbers the user gave.
      const payload = await call(`document "${fileId}"`, () =>
        ctx.http.getJson<TextContentPayload>(`${docPath(libraryId, fileId)}/text_content`, {
          page_start: fromPage,
          page_end: toPage,
        }),
      );
      return checked<TextContentPayload>(payload, 'the text', { text: 'string' }).text;
    },

    async fileStatus(libraryId: string, fileId: string): Promise<FileStatus> {
      const payload = await call(`document "${fileId}"`, () =>
        ctx.http.getJson<ProcessingStatusPayload>(`${docPath(libraryId, fileId)}/status`),
      );
      // The status payload has no name; it is usually known from resolving the file first.
      const name = ctx.names.get(fileId) ?? (await getDocument(ctx, libraryId, fileId)).name;
      return toFileStatus(payload, libraryId, name);
    },

    fileUrl(libraryId: string, fileId: string, opts: { extracted?: boolean }): Promise<string> {
      return signedUrl(libraryId, fileId, Boolean(opts.extracted));
    },

    async downloadFile(libraryId: string, fileId: string, signal?: AbortSignal): Promise<Download> {
      const file = await getDocument(ctx, libraryId, fileId);
      const url = await signedUrl(libraryId, fileId, false);
      // The signed URL is its own credential: the API key is never sent to it (it may be another host).
      const res = await call(`the signed URL of document "${file.name}"`, () => ctx.http.download(url, signal));
      return { file, body: res.body };
    },

    async reprocessFile(libraryId: string, fileId: string): Promise<void> {
      // A POST that Mistral bills again: never retried.
      await call(`document "${fileId}"`, () =>
        ctx.http.request({ method: 'POST', path: `${docPath(libraryId, fileId)}/reprocess`, expect: 'none' }),
      );
    },
  };
}
