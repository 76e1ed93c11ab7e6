/**
 * Validation of names and paths. A file name is a plain name, data only: it
 * never becomes a filesystem path (blobs are addressed by hash), but refusing
 * separators and dot names keeps `--name ../../etc/passwd` from ever meaning
 * something to a tool that later writes the file out by its name.
 */
import { StoreInvalidError } from './errors.js';
import { nfc } from '../model.js';

export { nfc };

const MAX_NAME = 1024;

export function checkFileName(raw: string): string {
  const name = nfc(raw);
  if (typeof name !== 'string' || name.trim() === '') throw new StoreInvalidError('a file name cannot be empty');
  if (name.length > MAX_NAME) throw new StoreInvalidError(`a file name cannot be longer than ${MAX_NAME} characters`);
  if (name.includes('\0')) throw new StoreInvalidError('a file name cannot contain a NUL character');
  if (name === '.' || name === '..' || /[/\\]/.test(name)) {
    throw new StoreInvalidError(`invalid file name "${name}": a name cannot contain "/" or "\\" or be "." or ".."`, {
      hint: 'Put the folder in --path and the plain name in --name.',
    });
  }
  return name;
}

export function checkLibraryName(raw: string): string {
  const name = nfc(raw);
  if (typeof name !== 'string' || name.trim() === '') throw new StoreInvalidError('a library name cannot be empty');
  if (name.length > MAX_NAME)
    throw new StoreInvalidError(`a library name cannot be longer than ${MAX_NAME} characters`);
  if (name.includes('\0')) throw new StoreInvalidError('a library name cannot contain a NUL character');
  return name;
}

export function checkPath(path: string): string {
  if (path.includes('\0')) throw new StoreInvalidError('a path cannot contain a NUL character');
  return nfc(path);
}

export function checkLabels(labels: readonly string[]): string[] {
  for (const l of labels) {
    if (typeof l !== 'string' || l === '') throw new StoreInvalidError('a label cannot be empty');
    if (l.includes('\0')) throw new StoreInvalidError('a label cannot contain a NUL character');
  }
  return [...new Set(labels.map(nfc))];
}
