import { openAsBlob } from 'node:fs';
import { FormData } from 'undici';
import { UsageError } from '../errors.js';
// One MIME table for the whole project (store, serve, uploads); it imports nothing else from the store.
import { mimeTypeFor } from '../mime.js';

/**
 * A multipart form holding one file streamed from disk, after the text
 * `fields` given (in order; a field may repeat). Returns a factory, not
 * a form: a retried upload needs a fresh body, and openAsBlob gives a blob that
 * is read lazily from disk each time it is streamed, so memory stays flat
 * whatever the file's size.
 */
export function fileForm(
  field: string,
  filePath: string,
  fileName: string,
  type: string = mimeTypeFor(fileName),
  fields: readonly [string, string][] = [],
): () => Promise<FormData> {
  return async () => {
    let blob: Blob;
    try {
      blob = await openAsBlob(filePath, { type });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot read ${filePath}${code ? ` (${code})` : ''}`, { cause: err });
    }
    const form = new FormData();
    for (const [name, value] of fields) form.append(name, value);
    form.append(field, blob, fileName);
    return form;
  };
}
