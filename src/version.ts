import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's root (the folder with package.json, completions/ and dist/),
 * found by walking up from this module's own file. Paths to the package's
 * files go through here, not through a URL relative to import.meta.url: the
 * same code runs from dist/ (tsc, the in-process tests), dist/bundle/ (the
 * esbuild bundle the executable loads, where a module may land in any chunk)
 * and src/ (vitest), each at a different depth.
 */
export function packageRoot(): string {
  root ??= findRoot(path.dirname(fileURLToPath(import.meta.url)));
  return root;
}
let root: string | undefined;

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The package version, read once from package.json at the package root. */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string })
    .version;
  return version;
}
let version: string | undefined;
