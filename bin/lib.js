#!/usr/bin/env node
// The executable (CommonJS, see bin/package.json, as are the bundles it
// loads: Node reads them synchronously, without starting its ES module loader).
//
//   lib --version   answered here, from package.json, without loading the program
//                   (the same line main prints): scripts call it to check what is
//                   installed, and it then costs what Node's own start-up costs.
//   lib, lib --help, lib -h, lib help
//                   root help, from dist/bundle/help.cjs: the program's own code
//                   (src/main.ts, the same help) without the commands' verbs,
//                   which root help never loads.
//   anything else   the program, dist/bundle/lib.cjs (see scripts/bundle.js).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  process.stdout.write(`${version}\n`);
} else if (args.length === 0 || (args.length === 1 && ['--help', '-h', 'help'].includes(args[0]))) {
  enableCompileCache();
  require('../dist/bundle/help.cjs').runCli();
} else {
  enableCompileCache();
  require('../dist/bundle/lib.cjs').runCli();
}

/**
 * Node's compile cache (Node >= 22.1; Node 20 has none, and then this does
 * nothing): V8's compiled code for the bundle, kept on disk, so the next run
 * compiles less. Under LIB_HOME when that is set (so tests write nowhere
 * else), else in the platform's cache folder, as env-paths names it
 * (~/.cache/lib/compile on Linux). NODE_COMPILE_CACHE and
 * NODE_DISABLE_COMPILE_CACHE=1 are Node's own and win (the test suite sets the
 * latter, but for the test of the cache itself).
 */
function enableCompileCache() {
  const module = require('node:module');
  if (typeof module.enableCompileCache !== 'function' || process.env.NODE_DISABLE_COMPILE_CACHE) return;
  try {
    module.enableCompileCache(path.join(cacheDir(process.env), 'compile'));
  } catch {
    // A cache is an optimisation: without one, lib runs the same, only slower to start.
  }
}

function cacheDir(env) {
  if (env.LIB_HOME) return path.join(path.resolve(env.LIB_HOME), 'cache');
  const home = require('node:os').homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'lib');
  if (process.platform === 'win32')
    return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'lib', 'Cache');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'lib');
}
