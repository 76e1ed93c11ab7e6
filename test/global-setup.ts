/**
 * The end-to-end tests run the built binary (bin/lib.js -> dist/main.js).
 * `npm test` builds first; a bare `npx vitest run` builds here, once, when
 * dist/ is missing or older than src/. A type error elsewhere does not stop
 * the run (tsc still emits); a build that leaves no dist/main.js does, with
 * a clear message.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(ROOT, 'dist', 'main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function stale(): string | null {
  if (!fs.existsSync(MAIN)) return 'dist/main.js is missing';
  return newestSource(path.join(ROOT, 'src')) > fs.statSync(MAIN).mtimeMs ? 'dist/ is older than src/' : null;
}

export default function setup(): void {
  const why = stale();
  if (!why) return;
  console.log(`[global-setup] ${why}: building with npx tsc -p tsconfig.json`);
  const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) console.warn(`[global-setup] tsc reported errors:\n${r.stdout}${r.stderr}`);
  if (!fs.existsSync(MAIN)) {
    throw new Error(`the build left no ${MAIN}; run "npx tsc -p tsconfig.json" and fix what it reports`);
  }
}
