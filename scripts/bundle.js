#!/usr/bin/env node
// The executable's program as one ESM graph of a few files (npm run build runs
// this after tsc): esbuild bundles src/main.ts and what it imports into
// dist/bundle/main.js, with each dynamic import (a noun's verbs, a provider,
// the store, lib serve, cli-table3, ora...) its own chunk beside it, so a
// command still loads only what it runs, but from a handful of files instead
// of a hundred resolved and read one by one. bin/lib.js loads this bundle; the
// tests that run main() in-process import tsc's dist/main.js, which is the
// same source.
//
// External, and loaded from node_modules when first used: better-sqlite3 (a
// native module, found by its own package) and the document readers pdfjs-dist
// and mammoth (large, and only for PDF and DOCX text).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'bundle');

// Chunk names carry a content hash: clear out the last build's.
fs.rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: '[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: ['better-sqlite3', 'pdfjs-dist', 'mammoth'],
  // The CommonJS packages in the bundle (commander, cli-table3, ...) require()
  // Node's built-ins; an ES module has no require of its own.
  banner: {
    js: "import { createRequire as __libCreateRequire } from 'node:module'; const require = __libCreateRequire(import.meta.url);",
  },
  plugins: [deferCommanderChildProcess()],
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});

// Root help (`lib`, `lib --help`) from one CommonJS file that bin/lib.js
// require()s: Node 20 reads an ES module graph through its asynchronous loader,
// a thread pool round trip per file, which cost more than the help itself.
// The same src/main.ts, without what only a command's run loads: root help
// registers every noun by name only and never imports one.
await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outfile: path.join(outdir, 'help.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  external: ['better-sqlite3', 'pdfjs-dist', 'mammoth'],
  define: { 'import.meta.url': '__libImportMetaUrl' },
  banner: { js: "const __libImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [deferCommanderChildProcess(), withoutDynamicImports()],
  legalComments: 'none',
  logLevel: 'warning',
});

// Which sources went into which file, beside the bundle: test/e2e/bundle.test.ts
// reads it to check what a command loads (and `npx esbuild --analyze` can too).
fs.writeFileSync(path.join(root, 'dist', 'bundle.meta.json'), JSON.stringify(result.metafile));

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
