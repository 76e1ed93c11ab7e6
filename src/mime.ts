/**
 * MIME types by file extension. Shared by the local provider, the store and the
 * HTTP layers (uploads and `lib serve`), so every path labels a document the
 * same way. Vendors' SDKs send application/octet-stream for several of these;
 * we do not.
 */
const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  md: 'text/markdown',
  markdown: 'text/markdown',
  html: 'text/html',
  htm: 'text/html',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
};

export const DEFAULT_MIME_TYPE = 'application/octet-stream';

/** The lower-cased extension without the dot, or null ("README", ".bashrc"). */
export function extensionOf(name: string): string | null {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return null;
  return name.slice(dot + 1).toLowerCase();
}

export function mimeTypeFor(name: string): string {
  const ext = extensionOf(name);
  return (ext && BY_EXTENSION[ext]) || DEFAULT_MIME_TYPE;
}
