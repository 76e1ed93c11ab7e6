#!/usr/bin/env node
// The executable: runs the bundled program (dist/bundle/main.js, built from
// src/main.ts by scripts/bundle.js). `lib --version` alone is answered here,
// from package.json, without loading the program (the same line main prints):
// scripts call it to check what is installed, and it then costs what Node's
// own start-up costs.
import { readFileSync } from 'node:fs';
import module from 'node:module';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${version}\n`);
} else {
  await enableCompileCache();
  const { runCli } = await import('../dist/bundle/main.js');
  await runCli();
}

/**
 * Node's compile cache (Node >= 22.1; Node 20 has none, and then this does
 * nothing): V8's compiled code for the bundle, kept on disk, so the next run
 * skips parsing and compiling it. Under LIB_HOME when that is set (the tests
 * set it, so they write nowhere else), else in the platform's cache folder
 * (~/.cache/lib/compile on Linux). NODE_COMPILE_CACHE and
 * NODE_DISABLE_COMPILE_CACHE=1 are Node's own and win (the tests set the
 * latter, but for the test of the cache itself).
 */
async function enableCompileCache() {
  if (typeof module.enableCompileCache !== 'function' || process.env.NODE_DISABLE_COMPILE_CACHE) return;
  try {
    const { join, resolve } = await import('node:path');
    let dir;
    if (process.env.LIB_HOME) dir = join(resolve(process.env.LIB_HOME), 'cache', 'compile');
    else {
      const { default: envPaths } = await import('env-paths');
      dir = join(envPaths('lib', { suffix: '' }).cache, 'compile');
    }
    module.enableCompileCache(dir);
  } catch {
    // A cache is an optimisation: without one, lib runs the same, only slower to start.
  }
}
