#!/usr/bin/env node
// The executable's program as a few CommonJS files (npm run build runs this
// after scripts/compile.js), which bin/lib.js require()s: Node reads CommonJS synchronously,
// while an ES module graph goes through its asynchronous loader, a thread-pool
// round trip per file (on Node 20 that cost more than most commands' own work).
//
//   dist/bundle/lib.cjs    all of src/ (from src/main.ts) with commander and the
//                          small packages; a verb's or a provider's code is
//                          bundled but runs only when first imported
//   dist/bundle/help.cjs   root help: the same src/main.ts without what only a
//                          command loads (root help registers nouns by name only)
//   dist/bundle/vendor/*.cjs
//                          the big packages, one file each, loaded on first use:
//                          undici (remote providers), conf (saved profiles), ora
//                          (spinners), cli-table3 (tables on a terminal)
//
// Left in node_modules, loaded on first use: better-sqlite3 (a native module,
// found by its own package) and the document readers pdfjs-dist and mammoth.
// The tests that run main() in-process import dist/main.js (scripts/compile.js), the same source.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'bundle');
const VENDOR = ['undici', 'conf', 'ora', 'cli-table3', 'chalk'];
const EXTERNAL = ['better-sqlite3', 'pdfjs-dist', 'mammoth'];

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  // import.meta.url, in CommonJS: this file's URL (src/version.ts finds the package root from it).
  define: { 'import.meta.url': '__libImportMetaUrl' },
  banner: { js: "const __libImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  legalComments: 'none',
  logLevel: 'warning',
};

fs.rmSync(outdir, { recursive: true, force: true });
// The builds at once: esbuild runs them side by side in its one service.
const [program] = await Promise.all([
  build({
    ...common,
    entryPoints: ['src/main.ts'],
    outfile: path.join(outdir, 'lib.cjs'),
    external: EXTERNAL,
    plugins: [deferCommanderChildProcess(), vendored()],
    sourcemap: true,
    sourcesContent: false,
    metafile: true,
  }),
  build({
    ...common,
    entryPoints: ['src/main.ts'],
    outfile: path.join(outdir, 'help.cjs'),
    external: EXTERNAL,
    plugins: [deferCommanderChildProcess(), withoutDynamicImports()],
  }),
  ...VENDOR.map((name) =>
    build({
      ...common,
      stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: root },
      outfile: path.join(outdir, 'vendor', `${name}.cjs`),
      external: EXTERNAL,
    }),
  ),
]);
// Which sources went into lib.cjs, beside the bundle: test/e2e/bundle.test.ts
// reads it (and `npx esbuild --analyze` can too).
fs.writeFileSync(path.join(root, 'dist', 'bundle.meta.json'), JSON.stringify(program.metafile));

/**
 * `undici` (and the others in VENDOR) in src/ is a stub module in lib.cjs that
 * require()s ./vendor/undici.cjs beside it when first imported. A stub, not the
 * vendor file as an external import: the load stays a synchronous require, and
 * an ES module package's default export (conf's, ora's) is `default`, as it was
 * when src/ imported the package itself.
 */
function vendored() {
  const names = new RegExp(`^(${VENDOR.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
  return {
    name: 'vendored',
    setup(b) {
      b.onResolve({ filter: names }, (args) =>
        args.importer.includes(`${path.sep}src${path.sep}`) ? { path: args.path, namespace: 'vendor' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => {
        const file = JSON.stringify(`./vendor/${args.path}.cjs`);
        return { contents: `export * from ${file};\nexport { default } from ${file};\n`, loader: 'js' };
      });
      b.onResolve({ filter: /^\.\/vendor\//, namespace: 'vendor' }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/** Every import() becomes a module that throws: the help build runs no command. */
function withoutDynamicImports() {
  return {
    name: 'without-dynamic-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) =>
        args.kind === 'dynamic-import' ? { path: args.path, namespace: 'not-in-help' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'not-in-help' }, (args) => ({
        contents: `throw new Error(${JSON.stringify(`lib's help build cannot load ${args.path}; bin/lib.js runs dist/bundle/main.js for commands`)});`,
        loader: 'js',
      }));
    },
  };
}

/**
 * commander requires node:child_process when it loads, for subcommands that
 * are separate executables (lib has none); that one require pulls in net,
 * dgram and a dozen more of Node's modules on every run. Here it is required
 * on first use instead. When commander's source no longer has that line the
 * bundle is built as it is, and this says so.
 */
function deferCommanderChildProcess() {
  const line = "const childProcess = require('node:child_process');";
  const lazy =
    "let childProcess_; const childProcess = { spawn: (...args) => (childProcess_ ??= require('node:child_process')).spawn(...args) };";
  return {
    name: 'defer-commander-child-process',
    setup(b) {
      b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
        const source = fs.readFileSync(args.path, 'utf8');
        if (!source.includes(line) || /childProcess\.(?!spawn\b)/.test(source)) {
          return {
            contents: source,
            loader: 'js',
            warnings: [{ text: 'commander: child_process is loaded at start-up' }],
          };
        }
        return { contents: source.replace(line, lazy), loader: 'js' };
      });
    },
  };
}
