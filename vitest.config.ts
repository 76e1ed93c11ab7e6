import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const SRC = path.join(ROOT, 'src') + path.sep;

/**
 * A test's import of src/x.ts loads the built dist/x.js instead, through Node
 * itself, as the end-to-end tests' in-process runs (dist/main.js) already do:
 * one copy of each module per worker instead of a transformed one beside the
 * built one, and no Vite transform of the program at all (the unit and server
 * tests on one worker: about 1 s of CPU less in 15). dist/ is one module per
 * source file, built when stale by the global setup.
 */
function srcFromDist(): Plugin {
  return {
    name: 'lib:src-from-dist',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.')) return null;
      const target = path.resolve(path.dirname(importer), source);
      if (!target.startsWith(SRC)) return null;
      const built = path.join(ROOT, 'dist', target.slice(SRC.length)).replace(/\.ts$/, '.js');
      return { id: built, external: true };
    },
  };
}

export default defineConfig({
  plugins: [srcFromDist()],
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Builds dist/ when it is missing or stale: the tests run the built program.
    globalSetup: ['test/global-setup.ts'],
    // One worker per core: the suite is CPU-bound now that waits run on an injected clock
    // (test/clock.ts). On 2 cores, 4 workers cost 15 to 20% more CPU than 2 (more imports,
    // more memory) and finished later: 33.2 and 36.7 s against 31.6 and 34.2 s.
    maxWorkers: Math.max(2, availableParallelism()),
    // Test files share a worker's module cache instead of each importing the program again
    // (96 s -> 45 s for the suite on 2 cores). Every test makes its own LIB_HOME, servers and
    // ports, and the suite passes with the files shuffled (--sequence.shuffle.files).
    isolate: false,
    // The built program (dist/, run in-process by runLib) is plain ES modules: Node loads it itself,
    // as the binary does, instead of through Vite's transform and module runner.
    server: { deps: { external: [/\/dist\//] } },
    // The test files' transforms are kept on disk (node_modules/.experimental-vitest-cache) and reused
    // while a file is unchanged: transform 2.4 s -> 0.6 s and the run about 1 s shorter once warm.
    // `npx vitest --clearCache` empties it.
    experimental: { fsModuleCache: true },
  },
});
