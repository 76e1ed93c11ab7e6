/**
 * A document's path inside a library ("reports/2024/"): data, never a
 * filesystem path. Normalized so `--path /a//b`, `--path a/b` and
 * `--path ./a/b/` name the same folder: no leading slash, one trailing slash,
 * '' for the root.
 */
import { UsageError } from '../../errors.js';

function segments(path: string): string[] {
  if (path.includes('\0')) throw new UsageError('a path cannot contain a NUL character');
  const parts = path.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.includes('..')) throw new UsageError(`invalid path "${path}": ".." is not allowed`);
  return parts;
}

export function normalizePath(path: string | undefined): string {
  const parts = segments(path ?? '');
  return parts.length ? `${parts.join('/')}/` : '';
}

/**
 * A --path filter names a folder: `--path d1` matches `d1/` and everything
 * below it, never `d10/` (as `ls d1` would). Leading and trailing slashes do
 * not matter.
 */
export function normalizePrefix(prefix: string | undefined): string | undefined {
  if (prefix === undefined) return undefined;
  const parts = segments(prefix);
  if (!parts.length) return undefined;
  return `${parts.join('/')}/`;
}
