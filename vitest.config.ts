import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Builds dist/ when it is missing or stale: end-to-end tests run the built binary.
    globalSetup: ['test/global-setup.ts'],
    // End-to-end tests spawn the built binary; keep the machine's two cores busy but not swamped.
    maxWorkers: 4,
    // Test files share a worker's module cache instead of each importing the program again
    // (96 s -> 45 s for the suite on 2 cores). Every test makes its own LIB_HOME, servers and
    // ports, and the suite passes with the files shuffled (--sequence.shuffle.files).
    isolate: false,
    // The built program (dist/, run in-process by runLib) is plain ES modules: Node loads it itself,
    // as the binary does, instead of through Vite's transform and module runner.
    server: { deps: { external: [/\/dist\//] } },
  },
});
